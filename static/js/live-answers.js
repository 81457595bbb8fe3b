// The answers this tab streams, shown or not: each written to storage as it arrives (what a reload
// resumes from), with this tab's lease on it, so that other tabs leave it alone.

import { AnswerStream } from './answer-stream.js';
import * as store from './chat-store.js';
import { LEASE_MS, state } from './page.js';
import { refreshAll, view } from './screen.js';

/** The server forgets an unread answer's queue after at most 10 minutes: older ones cannot be resumed. */
export const RESUMABLE_MS = 15 * 60_000;

/** messageId → { chatId, stream } for every answer this tab streams, shown or not. */
const streams = new Map();
/** Answers another tab or window took over; shown as continuing there. */
const elsewhere = new Set();
/** Answers with progress not yet written to storage. */
const unsaved = new Map();

export function newAnswer(messageId, prompt) {
  return { role: 'answer', messageId, prompt, text: '', sep: '', lastSeq: 0, state: 'streaming' };
}

export function startStream(chatId, answer) {
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
export function resumeAnswers(chat, { takeOver }) {
  for (const message of chat.messages) {
    if (message.role !== 'answer' || message.state !== 'streaming' || streams.has(message.messageId)) continue;
    if (!takeOver && (elsewhere.has(message.messageId) || (message.heldUntil ?? 0) > Date.now())) continue;
    startStream(chat.id, message);
  }
}

/** Answers left arriving long ago: the server has forgotten them. */
export function markStaleAnswers() {
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

/** The message as this tab has it: an answer it streams is further along than the stored one. */
export function liveMessage(message) {
  return (message.role === 'answer' ? streams.get(message.messageId)?.stream.answer : undefined) ?? message;
}

export function isStreaming(messageId) {
  return streams.has(messageId);
}

export function continuesElsewhere(messageId) {
  return elsewhere.has(messageId);
}

/** Whether an answer arrives in this chat, in this tab. */
export function isAnswering(chatId) {
  for (const entry of streams.values()) if (entry.chatId === chatId) return true;
  return false;
}

export function answeringChats() {
  return new Set([...streams.values()].map(({ chatId }) => chatId));
}

export function stopAnswers(chatId) {
  for (const entry of streams.values()) if (entry.chatId === chatId) entry.stream.stop();
}

/** The chat is deleted: its answers are let go, and the server told to forget them. */
export function discardAnswers(chatId) {
  for (const [messageId, entry] of streams) {
    if (entry.chatId !== chatId) continue;
    streams.delete(messageId);
    entry.stream.discard();
  }
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

/** Saves every answer this tab streams, which also renews its lease on them (heldUntil 0: lets go). */
export function saveAnswers(heldUntil) {
  for (const { chatId, stream } of streams.values()) saveAnswer(chatId, stream.answer, heldUntil);
}

export function saveUnsaved() {
  for (const [messageId, chatId] of unsaved) {
    const entry = streams.get(messageId);
    if (entry) saveAnswer(chatId, entry.stream.answer, Date.now() + LEASE_MS);
  }
  unsaved.clear();
}
