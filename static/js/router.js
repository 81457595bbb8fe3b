// One URL per chat (#/chat/{chat_id}): reload, back/forward and a second tab open the same chat.

import * as store from './chat-store.js';
import { continuesElsewhere, liveMessage, resumeAnswers } from './live-answers.js';
import { DEFAULT_TITLE, showStatus, showTitle, state } from './page.js';
import { refreshAll, view } from './screen.js';

const CHAT_ROUTE = /^#\/chat\/([0-9a-f-]{36})$/;

export function route() {
  const match = CHAT_ROUTE.exec(location.hash);
  const chat = match ? store.getChat(match[1]) : null;
  if (match && !chat) showStatus('That chat is not kept in this browser.', true);
  else showStatus('');
  if (chat) showChat(chat);
  else showNewChat();
}

export function showNewChat() {
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
export function showMessages(chat) {
  view.sync(chat.messages.map(liveMessage));
  for (const message of chat.messages) {
    if (continuesElsewhere(message.messageId) && message.state === 'streaming')
      view.updateAnswer(message, 'Continuing in another tab or window.');
  }
}

export function openChat(chatId, { replace = false } = {}) {
  const hash = `#/chat/${chatId}`;
  if (location.hash === hash) return route();
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else location.hash = hash;
}

/** Shows a new chat at once, in place of the current one (a hashchange would come a task later, and clear the status). */
export function openNewChat() {
  history.replaceState(null, '', '#/');
  route();
}
