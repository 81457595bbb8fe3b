// The conversation and the chat list on screen, and what brings them up to date.

import * as store from './chat-store.js';
import { ChatView } from './chat-view.js';
import { refreshControls } from './composer.js';
import { answeringChats, isAnswering } from './live-answers.js';
import { showStatus, state, ui } from './page.js';
import { edit, regenerate, showVariant } from './rewrites.js';
import { retry } from './sending.js';
import { Sidebar } from './sidebar.js';

export const view = new ChatView(
  { list: ui.messages, conversation: ui.conversation, emptyState: ui.emptyState, jump: ui.jump },
  {
    retry: (messageId) => void retry(messageId),
    regenerate: (messageId) => void regenerate(messageId),
    edit: (index, text) => void edit(index, text),
    showVariant: (messageId, position) => showVariant(messageId, position),
    copied: (what, ok) =>
      showStatus(ok ? `${what === 'code' ? 'Code' : 'Answer'} copied.` : 'Could not copy: the browser refused the clipboard.', !ok),
  },
);

export const sidebar = new Sidebar({
  nav: ui.sidebar,
  list: ui.chatList,
  menuButton: ui.menuButton,
  scrim: ui.scrim,
  behind: ui.main,
  search: ui.search,
  textOf: (chatId) => (store.getChat(chatId)?.messages ?? []).map((message) => message.text).join('\n'),
});

export function refreshAll() {
  sidebar.show(store.listChats(), state.chatId, answeringChats());
  view.setBusy(state.chatId !== null && isAnswering(state.chatId));
  refreshControls();
}
