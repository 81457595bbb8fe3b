// What can be done to the chat shown: Rename, Delete and Export, each through its dialog.

import { chatAsJson, chatAsMarkdown, download, exportFileName } from './chat-export.js';
import * as store from './chat-store.js';
import { discardAnswers, liveMessage } from './live-answers.js';
import { showStatus, showTitle, state, ui } from './page.js';
import { openNewChat } from './router.js';
import { refreshAll } from './screen.js';

const FORMATS = {
  markdown: { write: chatAsMarkdown, extension: 'md', type: 'text/markdown;charset=utf-8' },
  json: { write: chatAsJson, extension: 'json', type: 'application/json;charset=utf-8' },
};

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
  discardAnswers(state.chatId);
  store.deleteChat(state.chatId);
  openNewChat();
  showStatus('Chat deleted.');
}

/** The chat as shown, an answer still arriving as far as it has come. */
function exportShownChat() {
  const format = FORMATS[ui.exportDialog.returnValue];
  const chat = state.chatId && store.getChat(state.chatId);
  if (!format || !chat) return;
  const shown = { ...chat, messages: chat.messages.map(liveMessage) };
  download(format.write(shown), exportFileName(chat, format.extension), format.type);
}

function openDialog(dialog) {
  dialog.returnValue = '';
  dialog.showModal();
}

export function wireChatMenu() {
  ui.rename.addEventListener('click', openRename);
  ui.remove.addEventListener('click', () => openDialog(ui.deleteDialog));
  ui.exportChat.addEventListener('click', () => openDialog(ui.exportDialog));
  ui.renameDialog.addEventListener('close', rename);
  ui.deleteDialog.addEventListener('close', deleteShownChat);
  ui.exportDialog.addEventListener('close', exportShownChat);
}
