// The chat page, wired together. Each part has a file of its own:
//   page.js           the elements, the chat shown, the limits, the title and status lines
//   router.js         one URL per chat (#/chat/{chat_id})
//   sending.js        sending a message, kept before it is sent, with its context; Retry
//   rewrites.js       Regenerate (‹ n/m › variants) and Edit
//   live-answers.js   the answers this tab streams (answer-stream.js), saved as they arrive
//   leases.js         sharing the chats between tabs: leases, and picking up what a tab left
//   screen.js         the conversation (chat-view.js) and the chat list (sidebar.js) kept up to date
//   composer.js       the message box, Send and Stop
//   chat-menu.js      Rename, Delete, Export
//   theme.js          light, dark or the system's
// The parts call each other's functions only once the page runs, never while the modules load.

import * as api from './api.js';
import * as store from './chat-store.js';
import { wireChatMenu } from './chat-menu.js';
import { isBusy, refreshControls, setComposerText, stopAnswer, wireComposer } from './composer.js';
import { adoptOrphans, keepLeases } from './leases.js';
import { markStaleAnswers } from './live-answers.js';
import { setLimits, showStatus, showTitle, state, ui } from './page.js';
import { route, showMessages, showNewChat } from './router.js';
import { refreshAll, sidebar } from './screen.js';
import { wireTheme } from './theme.js';

wireComposer();
wireChatMenu();
wireTheme(ui.theme);
ui.newChat.addEventListener('click', () => {
  location.hash = '#/';
  ui.input.focus();
});
// An example prompt is put in the box, for the reader to send as it is or change first.
ui.emptyState.addEventListener('click', (event) => {
  const example = event.target.closest('[data-testid="example-prompt"]');
  if (!example) return;
  setComposerText(example.textContent.trim());
  ui.input.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
  if (sidebar.isOpen) return sidebar.close();
  if (isBusy()) {
    event.preventDefault();
    stopAnswer();
  }
});
window.addEventListener('hashchange', route);
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
keepLeases();

api.fetchLimits().then(
  (limits) => {
    setLimits(limits);
    refreshControls();
  },
  () => undefined,
);
markStaleAnswers();
route();
adoptOrphans();
ui.input.focus();
