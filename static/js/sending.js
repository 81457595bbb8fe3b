// Sending a message. It is kept with its chat before the server is asked, so that a reload meanwhile
// finds it and sends it then; it carries the chat's earlier turns as its context.

import * as api from './api.js';
import * as store from './chat-store.js';
import { chatTitle } from './chat-title.js';
import { setComposerText } from './composer.js';
import { historyBefore } from './conversation-history.js';
import { newAnswer, startStream, isStreaming } from './live-answers.js';
import { DEFAULT_TITLE, LEASE_MS, showStatus, showTitle, state, ui } from './page.js';
import { openChat, openNewChat, showMessages } from './router.js';
import { refreshAll, view } from './screen.js';

/** sendId → chatId for the kept messages this tab is sending (POST /start/{chat_id} not answered yet). */
const outbox = new Map();

export function isSending() {
  return outbox.size > 0;
}

/**
 * The page makes a new chat's id itself (a random UUID, as POST /start would give): the chat and its
 * address exist from the first Enter on.
 */
export function send(text) {
  const chatId = state.chatId ?? store.newId();
  const message = { role: 'user', text, sendId: store.newId(), heldUntil: Date.now() + LEASE_MS };
  const title = state.chatId === null ? chatTitle(text, state.limits.max_chat_title_length) : DEFAULT_TITLE;
  setComposerText('');
  showStatus('');
  store.updateChat(chatId, (chat) => chat.messages.push(message), store.newChat(chatId, title));
  if (state.chatId === null) openChat(chatId, { replace: true });
  else showMessages(store.getChat(chatId));
  return deliver(chatId, message);
}

/** The turns before `messages[index]`, within the server's limit: the context of a message sent from there. */
export function contextBefore(messages, index) {
  return historyBefore(messages, index, state.limits.max_history_length);
}

/** Sends a kept message; once the server has it, its answer follows it. Refused, it goes back to the input. */
async function deliver(chatId, message) {
  outbox.set(message.sendId, chatId);
  refreshAll();
  try {
    const chat = store.getChat(chatId);
    const index = chat?.messages.findIndex((kept) => kept.sendId === message.sendId) ?? -1;
    const history = contextBefore(chat?.messages ?? [], index < 0 ? chat?.messages.length : index);
    const accepted = await api.sendMessage(chatId, message.text, chat?.title ?? DEFAULT_TITLE, history);
    const answer = newAnswer(accepted.message_id, message.text);
    store.updateChat(
      chatId,
      (stored) => {
        stored.title = accepted.chat_title;
        const sent = { role: 'user', text: message.text };
        const at = stored.messages.findIndex((kept) => kept.sendId === message.sendId);
        if (at >= 0) stored.messages.splice(at, 1, sent, answer);
        else stored.messages.push(sent, answer);
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
      if (ui.input.value === '') setComposerText(message.text);
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
export function sendKept(chat) {
  const now = Date.now();
  for (const message of chat.messages) {
    if (message.sendId === undefined || outbox.has(message.sendId) || (message.heldUntil ?? 0) > now) continue;
    holdKept(chat.id, message.sendId, now + LEASE_MS);
    void deliver(chat.id, message);
  }
}

/** Renews this tab's hold on the messages it sends (heldUntil 0: lets go). */
export function holdSending(heldUntil) {
  for (const [sendId, chatId] of outbox) holdKept(chatId, sendId, heldUntil);
}

/** This tab sends the kept message until `heldUntil` (0: let go); other tabs leave it alone meanwhile. */
function holdKept(chatId, sendId, heldUntil) {
  store.updateChat(chatId, (chat) => {
    const kept = chat.messages.find((message) => message.sendId === sendId);
    if (kept) kept.heldUntil = heldUntil;
  });
}

/** A failed answer's message sent again, with the same context; the new answer takes the failed one's place. */
export async function retry(messageId) {
  const chatId = state.chatId;
  const chat = chatId && store.getChat(chatId);
  const index = chat ? chat.messages.findIndex((message) => message.messageId === messageId) : -1;
  if (index < 0 || isStreaming(messageId)) return;
  const failed = chat.messages[index];
  showStatus('');
  view.updateAnswer({ ...failed, text: '', state: 'streaming', error: undefined }, 'Sending again…');
  try {
    const accepted = await api.sendMessage(chatId, failed.prompt, chat.title, contextBefore(chat.messages, index - 1));
    const answer = { ...newAnswer(accepted.message_id, failed.prompt), ...variantsOf(failed) };
    store.updateChat(chatId, (stored) => {
      const at = stored.messages.findIndex((message) => message.messageId === messageId);
      if (at >= 0) stored.messages[at] = answer;
    });
    startStream(chatId, answer);
    view.renameAnswer(messageId, answer);
  } catch (error) {
    view.updateAnswer(failed, `Not sent: ${error.message}`);
  }
  refreshAll();
}

/** The variants a retried answer keeps: retrying replaces only the failed one. */
function variantsOf(answer) {
  return answer.variants ? { variants: answer.variants, variantIndex: answer.variantIndex } : {};
}
