// The chat page: kept conversations (chat-store), answers that resume wherever they were left
// (answer-stream), rendered as Markdown (chat-view), one URL per chat (#/chat/{chat_id}).

import * as api from './api.js';
import { AnswerStream } from './answer-stream.js';
import * as store from './chat-store.js';
import { chatTitle } from './chat-title.js';
import { ChatView } from './chat-view.js';
import { Sidebar } from './sidebar.js';

const DEFAULT_TITLE = 'New Chat';
const DEFAULT_LIMITS = { max_text_length: 4000, max_chat_title_length: 100 };
/** How often an arriving answer is written to storage: what a reload resumes from. */
const SAVE_EVERY_MS = 250;
/** A tab streaming an answer says so in storage this often; other tabs leave it alone meanwhile. */
const LEASE_MS = 6000;
const ADOPT_EVERY_MS = 3000;
/** The server forgets an unread answer's queue after at most 10 minutes: older ones cannot be resumed. */
const RESUMABLE_MS = 15 * 60_000;
const CHAT_ROUTE = /^#\/chat\/([0-9a-f-]{36})$/;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const ui = {
  title: $('chat-title'),
  rename: $('rename-chat'),
  remove: $('delete-chat'),
  newChat: $('new-chat'),
  status: $('status'),
  messages: $('message-list'),
  form: document.getElementById('composer'),
  input: $('message-input'),
  send: $('send-button'),
  stop: $('stop-button'),
  counter: $('length-counter'),
  renameDialog: $('rename-dialog'),
  renameInput: $('rename-input'),
  deleteDialog: $('delete-dialog'),
};

const state = {
  /** The chat shown; null for a new chat not sent to yet. */
  chatId: null,
  /** The page is being left (reloaded, closed): its requests are being cut off. */
  leaving: false,
  limits: { ...DEFAULT_LIMITS, ...store.readLimits() },
};
/** sendId → chatId for the kept messages this tab is sending (POST /start/{chat_id} not answered yet). */
const outbox = new Map();
/** messageId → { chatId, stream } for every answer this tab streams, shown or not. */
const streams = new Map();
/** Answers another tab or window took over; shown as continuing there. */
const elsewhere = new Set();
/** Answers with progress not yet written to storage. */
const unsaved = new Map();

const view = new ChatView(ui.messages, document.getElementById('conversation'), {
  retry: (messageId) => void retry(messageId),
  copied: (ok) => showStatus(ok ? 'Answer copied.' : 'Could not copy: the browser refused the clipboard.', !ok),
});
const sidebar = new Sidebar({
  nav: $('sidebar'),
  list: $('chat-list'),
  menuButton: $('menu-button'),
  scrim: $('scrim'),
  behind: document.querySelector('.main'),
});

// ---- Routing: one URL per chat ----

function route() {
  const match = CHAT_ROUTE.exec(location.hash);
  const chat = match ? store.getChat(match[1]) : null;
  if (match && !chat) showStatus('That chat is not kept in this browser.', true);
  else showStatus('');
  if (chat) showChat(chat);
  else showNewChat();
}

function showNewChat() {
  state.chatId = null;
  view.show([]);
  showTitle(DEFAULT_TITLE);
  refreshAll();
}

function showChat(chat) {
  state.chatId = chat.id;
  view.show([]);
  showMessages(chat);
  showTitle(chat.title);
  // Opening a chat takes its arriving answers over from wherever they were streamed before.
  resumeAnswers(chat, { takeOver: true });
  refreshAll();
}

/** Shows the chat's messages, this tab's arriving answers as they are now, in place where it can. */
function showMessages(chat) {
  view.sync(chat.messages.map((message) => liveAnswer(message) ?? message));
  for (const message of chat.messages) {
    if (elsewhere.has(message.messageId) && message.state === 'streaming')
      view.updateAnswer(message, 'Continuing in another tab or window.');
  }
}

function openChat(chatId, { replace = false } = {}) {
  const hash = `#/chat/${chatId}`;
  if (location.hash === hash) return route();
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else location.hash = hash;
}

// ---- Sending ----

/**
 * The message is kept with its chat before the server is asked, so that a reload meanwhile finds it
 * and sends it then. The page makes a new chat's id itself (a random UUID, as POST /start would give):
 * the chat and its address exist from the first Enter on.
 */
function send() {
  if (!canSend()) return;
  const text = ui.input.value;
  const chatId = state.chatId ?? store.newId();
  const message = { role: 'user', text, sendId: store.newId(), heldUntil: Date.now() + LEASE_MS };
  const title = state.chatId === null ? chatTitle(text, state.limits.max_chat_title_length) : DEFAULT_TITLE;
  ui.input.value = '';
  showStatus('');
  store.updateChat(chatId, (chat) => chat.messages.push(message), store.newChat(chatId, title));
  if (state.chatId === null) openChat(chatId, { replace: true });
  else showMessages(store.getChat(chatId));
  return deliver(chatId, message);
}

/** Sends a kept message; once the server has it, its answer follows it. Refused, it goes back to the input. */
async function deliver(chatId, message) {
  outbox.set(message.sendId, chatId);
  refreshControls();
  try {
    const accepted = await api.sendMessage(chatId, message.text, store.getChat(chatId)?.title ?? DEFAULT_TITLE);
    const answer = newAnswer(accepted.message_id, message.text);
    store.updateChat(
      chatId,
      (chat) => {
        chat.title = accepted.chat_title;
        const sent = { role: 'user', text: message.text };
        const index = chat.messages.findIndex((kept) => kept.sendId === message.sendId);
        if (index >= 0) chat.messages.splice(index, 1, sent, answer);
        else chat.messages.push(sent, answer);
      },
      store.newChat(chatId, accepted.chat_title),
    );
    startStream(chatId, answer);
  } catch (error) {
    // Leaving aborts the request: the message stays kept, for the next page to send.
    if (state.leaving) return;
    const shown = state.chatId === chatId;
    const left = store.updateChat(chatId, (chat) => (chat.messages = chat.messages.filter((kept) => kept.sendId !== message.sendId)));
    if (left?.messages.length === 0) {
      store.deleteChat(chatId);
      if (shown) openNewChat();
    }
    if (shown) {
      if (ui.input.value === '') ui.input.value = message.text;
      showStatus(`Not sent: ${error.message}`, true);
    }
  } finally {
    outbox.delete(message.sendId);
    const chat = store.getChat(chatId);
    if (chat && state.chatId === chatId) {
      showMessages(chat);
      showTitle(chat.title);
    }
    refreshAll();
  }
}

/** Sends the kept messages no tab is sending: a reload or a closed tab left them before the server answered. */
function sendKept(chat) {
  const now = Date.now();
  for (const message of chat.messages) {
    if (message.sendId === undefined || outbox.has(message.sendId) || (message.heldUntil ?? 0) > now) continue;
    holdKept(chat.id, message.sendId, now + LEASE_MS);
    void deliver(chat.id, message);
  }
}

/** This tab sends the kept message until `heldUntil` (0: let go); other tabs leave it alone meanwhile. */
function holdKept(chatId, sendId, heldUntil) {
  store.updateChat(chatId, (chat) => {
    const kept = chat.messages.find((message) => message.sendId === sendId);
    if (kept) kept.heldUntil = heldUntil;
  });
}

async function retry(messageId) {
  const chatId = state.chatId;
  const chat = chatId && store.getChat(chatId);
  const failed = chat?.messages.find((message) => message.messageId === messageId);
  if (!failed || streams.has(messageId)) return;
  showStatus('');
  view.updateAnswer({ ...failed, text: '', state: 'streaming', error: undefined }, 'Sending again…');
  try {
    const accepted = await api.sendMessage(chatId, failed.prompt, chat.title);
    const answer = newAnswer(accepted.message_id, failed.prompt);
    store.updateChat(chatId, (stored) => {
      const index = stored.messages.findIndex((message) => message.messageId === messageId);
      if (index >= 0) stored.messages[index] = answer;
    });
    startStream(chatId, answer);
    view.renameAnswer(messageId, answer);
  } catch (error) {
    view.updateAnswer(failed, `Not sent: ${error.message}`);
  }
  refreshAll();
}

function stopAnswer() {
  for (const { chatId, stream } of streams.values()) if (chatId === state.chatId) stream.stop();
  ui.input.focus();
}

function newAnswer(messageId, prompt) {
  return { role: 'answer', messageId, prompt, text: '', sep: '', lastSeq: 0, state: 'streaming' };
}

// ---- Answers arriving ----

function startStream(chatId, answer) {
  if (streams.has(answer.messageId)) return;
  elsewhere.delete(answer.messageId);
  const shown = () => state.chatId === chatId;
  const stream = new AnswerStream(chatId, answer, {
    word: () => {
      unsaved.set(answer.messageId, chatId);
      if (shown()) view.updateAnswer(answer, '');
    },
    note: (note) => shown() && view.updateAnswer(answer, note),
    settled: () => {
      streams.delete(answer.messageId);
      saveAnswer(chatId, answer, 0);
      // Its bubble says how it ended (Stopped., the reason it failed), where the reader looks.
      if (shown()) view.updateAnswer(answer, '');
      refreshAll();
    },
    moved: () => {
      streams.delete(answer.messageId);
      elsewhere.add(answer.messageId);
      if (shown()) view.updateAnswer(answer, 'Continuing in another tab or window.');
      refreshAll();
    },
  });
  streams.set(answer.messageId, { chatId, stream });
  saveAnswer(chatId, answer, Date.now() + LEASE_MS);
  stream.start();
}

/** Resumes the chat's answers that were arriving: all of them, or those no other tab is streaming. */
function resumeAnswers(chat, { takeOver }) {
  for (const message of chat.messages) {
    if (message.role !== 'answer' || message.state !== 'streaming' || streams.has(message.messageId)) continue;
    if (!takeOver && (elsewhere.has(message.messageId) || (message.heldUntil ?? 0) > Date.now())) continue;
    startStream(chat.id, message);
  }
}

/** Picks up answers and messages another tab (or this page before a reload) left, so that they are not abandoned. */
function adoptOrphans() {
  const now = Date.now();
  for (const { id, updatedAt } of store.listChats()) {
    if (now - updatedAt > RESUMABLE_MS) break;
    const chat = store.getChat(id);
    if (!chat) continue;
    sendKept(chat);
    resumeAnswers(chat, { takeOver: false });
  }
}

/** Answers left arriving long ago: the server has forgotten them. */
function markStaleAnswers() {
  const now = Date.now();
  for (const { id, updatedAt } of store.listChats()) {
    if (now - updatedAt <= RESUMABLE_MS) continue;
    const chat = store.getChat(id);
    if (!chat?.messages.some((message) => message.state === 'streaming')) continue;
    store.updateChat(id, (stale) => {
      for (const message of stale.messages) if (message.state === 'streaming') message.state = 'incomplete';
    });
  }
}

function liveAnswer(message) {
  return message.role === 'answer' ? streams.get(message.messageId)?.stream.answer : undefined;
}

/** Writes the answer's progress, with this tab's lease on it until `heldUntil` (0: let go). */
function saveAnswer(chatId, answer, heldUntil) {
  unsaved.delete(answer.messageId);
  const live = { ...answer, heldUntil };
  store.updateAnswer(chatId, answer.messageId, (stored) => {
    for (const key of Object.keys(stored)) if (!(key in live)) delete stored[key];
    Object.assign(stored, live);
  });
}

/** Saves every answer this tab streams, which also renews its lease on them and on the messages it sends (heldUntil 0: lets go). */
function saveAll(heldUntil) {
  for (const { chatId, stream } of streams.values()) saveAnswer(chatId, stream.answer, heldUntil);
  for (const [sendId, chatId] of outbox) holdKept(chatId, sendId, heldUntil);
}

function saveUnsaved() {
  for (const [messageId, chatId] of unsaved) {
    const entry = streams.get(messageId);
    if (entry) saveAnswer(chatId, entry.stream.answer, Date.now() + LEASE_MS);
  }
  unsaved.clear();
}

// ---- Showing things ----

function refreshAll() {
  sidebar.show(store.listChats(), state.chatId, new Set([...streams.values()].map(({ chatId }) => chatId)));
  refreshControls();
}

function refreshControls() {
  const busy = isBusy();
  const { count, limit } = textLength();
  ui.send.disabled = !canSend();
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  ui.messages.setAttribute('aria-busy', String(busy));
  ui.rename.hidden = ui.remove.hidden = state.chatId === null;
  ui.counter.textContent = `${count} / ${limit}`;
  const tooLong = count > limit;
  ui.counter.classList.toggle('over', tooLong);
  ui.input.setAttribute('aria-invalid', String(tooLong));
  ui.counter.title = tooLong ? `${count - limit} characters over the limit` : '';
}

function isBusy() {
  for (const { chatId } of streams.values()) if (chatId === state.chatId) return true;
  return false;
}

function canSend() {
  const { count, limit } = textLength();
  return outbox.size === 0 && !isBusy() && ui.input.value.trim() !== '' && count <= limit;
}

/** Counted as the server counts: characters (code points), not UTF-16 units. */
function textLength() {
  return { count: Array.from(ui.input.value).length, limit: state.limits.max_text_length };
}

function showTitle(title) {
  ui.title.textContent = title;
  document.title = `${title} · Chat`;
}

function showStatus(message, isError = false) {
  ui.status.textContent = message;
  ui.status.classList.toggle('error', isError);
}

// ---- Rename and delete ----

function openRename() {
  const chat = state.chatId && store.getChat(state.chatId);
  if (!chat) return;
  ui.renameInput.value = chat.title;
  ui.renameInput.maxLength = state.limits.max_chat_title_length;
  ui.renameDialog.returnValue = '';
  ui.renameDialog.showModal();
  ui.renameInput.select();
}

function rename() {
  const title = ui.renameInput.value.trim();
  if (ui.renameDialog.returnValue !== 'save' || title === '' || !state.chatId) return;
  store.updateChat(state.chatId, (chat) => (chat.title = title));
  showTitle(title);
  showStatus('');
  refreshAll();
}

function deleteShownChat() {
  if (ui.deleteDialog.returnValue !== 'delete' || !state.chatId) return;
  const chatId = state.chatId;
  for (const [messageId, entry] of streams) {
    if (entry.chatId !== chatId) continue;
    streams.delete(messageId);
    entry.stream.discard();
  }
  store.deleteChat(chatId);
  openNewChat();
  showStatus('Chat deleted.');
}

/** Shows a new chat at once, in place of the current one (a hashchange would come a task later, and clear the status). */
function openNewChat() {
  history.replaceState(null, '', '#/');
  route();
}

// ---- Wiring ----

ui.input.addEventListener('input', refreshControls);
ui.input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  void send();
});
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});
ui.stop.addEventListener('click', stopAnswer);
ui.newChat.addEventListener('click', () => {
  location.hash = '#/';
  ui.input.focus();
});
ui.rename.addEventListener('click', openRename);
ui.remove.addEventListener('click', () => {
  ui.deleteDialog.returnValue = '';
  ui.deleteDialog.showModal();
});
ui.renameDialog.addEventListener('close', rename);
ui.deleteDialog.addEventListener('close', deleteShownChat);
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
  if (sidebar.isOpen) return sidebar.close();
  if (isBusy()) {
    event.preventDefault();
    stopAnswer();
  }
});
window.addEventListener('hashchange', route);
// A reload or a closed tab: what has arrived is kept, and other tabs may take the answers over at once.
window.addEventListener('pagehide', () => {
  state.leaving = true;
  saveAll(0);
});
window.addEventListener('pageshow', () => (state.leaving = false));
store.onStorageFailure(() =>
  showStatus('This browser would not keep the chat (its storage is full or disabled): it is lost on reload.', true),
);
store.onOtherTabChange((chatId) => {
  if (chatId !== null && chatId === state.chatId) {
    const chat = store.getChat(chatId);
    if (chat) {
      showMessages(chat);
      showTitle(chat.title);
    } else showNewChat();
  }
  refreshAll();
});
setInterval(saveUnsaved, SAVE_EVERY_MS);
setInterval(() => {
  saveAll(Date.now() + LEASE_MS);
  adoptOrphans();
}, ADOPT_EVERY_MS);

api.fetchLimits().then(
  (limits) => {
    state.limits = { ...DEFAULT_LIMITS, ...limits };
    store.keepLimits(state.limits);
    refreshControls();
  },
  () => undefined,
);
markStaleAnswers();
route();
adoptOrphans();
ui.input.focus();
