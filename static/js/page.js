// What every part of the page shares: its elements (found by their data-testid hooks), the chat shown,
// the server's limits, and the title and status lines.

import * as store from './chat-store.js';

export const DEFAULT_TITLE = 'New Chat';
const DEFAULT_LIMITS = { max_text_length: 4000, max_history_length: 12000, max_chat_title_length: 100 };
/** A tab streaming an answer (or sending a message) says so in storage this often; other tabs leave it alone meanwhile. */
export const LEASE_MS = 6000;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
export const ui = {
  title: $('chat-title'),
  rename: $('rename-chat'),
  remove: $('delete-chat'),
  exportChat: $('export-chat'),
  newChat: $('new-chat'),
  status: $('status'),
  messages: $('message-list'),
  conversation: document.getElementById('conversation'),
  emptyState: $('empty-state'),
  jump: $('jump-to-latest'),
  form: document.getElementById('composer'),
  input: $('message-input'),
  send: $('send-button'),
  stop: $('stop-button'),
  counter: $('length-counter'),
  renameDialog: $('rename-dialog'),
  renameInput: $('rename-input'),
  deleteDialog: $('delete-dialog'),
  exportDialog: $('export-dialog'),
  theme: $('theme-select'),
  sidebar: $('sidebar'),
  chatList: $('chat-list'),
  search: $('chat-search'),
  menuButton: $('menu-button'),
  scrim: $('scrim'),
  main: document.querySelector('.main'),
};

export const state = {
  /** The chat shown; null for a new chat not sent to yet. */
  chatId: null,
  /** The page is being left (reloaded, closed): its requests are being cut off. */
  leaving: false,
  limits: { ...DEFAULT_LIMITS, ...store.readLimits() },
};

export function setLimits(limits) {
  state.limits = { ...DEFAULT_LIMITS, ...limits };
  store.keepLimits(state.limits);
}

export function showTitle(title) {
  ui.title.textContent = title;
  document.title = `${title} · Chat`;
}

export function showStatus(message, isError = false) {
  ui.status.textContent = message;
  ui.status.classList.toggle('error', isError);
}
