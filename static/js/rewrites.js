// Going back in a chat: Regenerate asks for another answer to a message and keeps the ones before it
// (‹ n/m › goes between them, each with the turns that followed it); Edit sends a message anew from its
// place and drops what followed. Neither runs while an answer arrives in the chat.

import * as api from './api.js';
import * as store from './chat-store.js';
import { isAnswering, newAnswer, startStream } from './live-answers.js';
import { showStatus, state } from './page.js';
import { showMessages } from './router.js';
import { refreshAll } from './screen.js';
import { contextBefore, isSending } from './sending.js';

/** A regenerate or an edit waits for the server: a second click is not a second request. */
let pending = false;

export async function regenerate(messageId) {
  const chatId = state.chatId;
  const chat = chatId && store.getChat(chatId);
  const index = chat ? chat.messages.findIndex((message) => message.messageId === messageId) : -1;
  const question = chat?.messages[index - 1];
  if (index < 1 || question.role !== 'user' || !ready(chatId)) return;
  await rewrite(chatId, question.text, contextBefore(chat.messages, index - 1), (messages, answer) => {
    const at = messages.findIndex((message) => message.messageId === messageId);
    if (at < 0) return false;
    const branches = branchesAt(messages, at);
    Object.assign(answer, { variants: branches, variantIndex: branches.length });
    messages.splice(at, Infinity, answer);
    return true;
  });
}

/** The message at `index` becomes `text`, sent with the turns before it; the turns after it are dropped. */
export async function edit(index, text) {
  const chatId = state.chatId;
  const chat = chatId && store.getChat(chatId);
  if (chat?.messages[index]?.role !== 'user' || !ready(chatId)) return;
  const original = chat.messages[index].text;
  await rewrite(chatId, text, contextBefore(chat.messages, index), (messages, answer) => {
    if (messages[index]?.role !== 'user' || messages[index].text !== original) return false;
    messages.splice(index, Infinity, { role: 'user', text }, answer);
    return true;
  });
}

/** Shows the answer's variant at `position` (from 0), with the turns that followed it. */
export function showVariant(messageId, position) {
  const chatId = state.chatId;
  if (!chatId || isAnswering(chatId)) return;
  const chat = store.updateChat(chatId, (stored) => {
    const at = stored.messages.findIndex((message) => message.messageId === messageId);
    if (at < 0) return;
    const branches = branchesAt(stored.messages, at);
    if (position < 0 || position >= branches.length) return;
    const [picked] = branches.splice(position, 1);
    stored.messages.splice(at, Infinity, { ...picked.answer, variants: branches, variantIndex: position }, ...picked.following);
  });
  if (chat) showMessages(chat);
}

function ready(chatId) {
  return !pending && !isSending() && !isAnswering(chatId);
}

/** Sends `text` with `history`; once the server has it, `place(messages, answer)` puts its answer in the chat. */
async function rewrite(chatId, text, history, place) {
  pending = true;
  showStatus('');
  try {
    const accepted = await api.sendMessage(chatId, text, store.getChat(chatId)?.title, history);
    const answer = newAnswer(accepted.message_id, text);
    let placed = false;
    store.updateChat(chatId, (stored) => (placed = place(stored.messages, answer)));
    if (placed) startStream(chatId, answer);
    // The chat changed meanwhile (in another tab): the answer has nowhere to go, and the server is told so.
    else api.releaseAnswer(chatId, answer.messageId);
  } catch (error) {
    if (state.chatId === chatId) showStatus(`Not sent: ${error.message}`, true);
  } finally {
    pending = false;
    const chat = store.getChat(chatId);
    if (chat && state.chatId === chatId) showMessages(chat);
    refreshAll();
  }
}

/**
 * Every variant of the answer at `at`, in order, each as { answer, following }: the answer shown and the
 * turns after it, and the others as they were kept.
 */
function branchesAt(messages, at) {
  const { variants = [], variantIndex = variants.length, ...answer } = messages[at];
  // A lease is a tab's hold on an answer arriving; a kept variant has finished.
  delete answer.heldUntil;
  const branches = [...variants];
  branches.splice(variantIndex, 0, { answer, following: messages.slice(at + 1) });
  return branches;
}
