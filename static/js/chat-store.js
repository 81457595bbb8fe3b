// Conversations kept in this browser (localStorage): no server keeps them. Every tab of the page shares
// them; a write reads the chat afresh first, so that two tabs add to one chat without losing either's.

const PREFIX = 'rabbit-chat.v1.';
const INDEX_KEY = `${PREFIX}chats`;
const LIMITS_KEY = `${PREFIX}limits`;
const chatKey = (id) => `${PREFIX}chat.${id}`;

/** The most chats kept; the least recently used go first. Each holds its messages and answers whole. */
export const MAX_CHATS = 50;

/**
 * A chat: { id, title, updatedAt, messages }. A message is { role: 'user', text }, with `sendId` and
 * `heldUntil` while the server has not taken it yet (the tab sending it holds it until then), or
 * { role: 'answer', messageId, prompt, text, sep, lastSeq, state, error }: `text` is what has arrived,
 * `sep` the separator after its last word (shown once another word follows), `lastSeq` the seq of that
 * word, `state` one of streaming / done / stopped / failed / incomplete, `prompt` the text it answers.
 * A regenerated answer also has `variants`, the others, each { answer, following } (the turns that
 * followed it), and `variantIndex`, its own place among them all (see rewrites.js).
 */

/** Chats the browser would not keep (storage disabled, or full with one chat): they live until a reload. */
const inPageOnly = new Map();

/** The chats, the most recently used first: [{ id, title, updatedAt }]. */
export function listChats() {
  const index = read(INDEX_KEY);
  const stored = Array.isArray(index) ? index : [];
  if (inPageOnly.size === 0) return stored;
  const extra = [...inPageOnly.values()].map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  return [...extra, ...stored.filter((entry) => !inPageOnly.has(entry.id))].sort((a, b) => b.updatedAt - a.updatedAt);
}

export function getChat(id) {
  if (inPageOnly.has(id)) return inPageOnly.get(id);
  const chat = read(chatKey(id));
  return chat && Array.isArray(chat.messages) ? chat : null;
}

/** A random UUID (version 4), as the server makes its own ids; crypto.randomUUID() needs a secure context, this does not. */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newChat(id, title) {
  return { id, title, updatedAt: Date.now(), messages: [] };
}

/** Applies `change` to the stored chat (or `fallback`, when it is not stored) and saves it. */
export function updateChat(id, change, fallback = null) {
  const chat = getChat(id) ?? fallback;
  if (!chat) return null;
  change(chat);
  chat.updatedAt = Date.now();
  save(chat);
  return chat;
}

/** The answer of `messageId` in chat `id`, changed by `change`, saved. No-op when either is gone. */
export function updateAnswer(id, messageId, change) {
  let changed = null;
  updateChat(id, (chat) => {
    changed = chat.messages.find((message) => message.role === 'answer' && message.messageId === messageId) ?? null;
    if (changed) change(changed);
  });
  return changed;
}

export function deleteChat(id) {
  inPageOnly.delete(id);
  try {
    localStorage.removeItem(chatKey(id));
    writeIndex(listChats().filter((entry) => entry.id !== id));
  } catch {
    // Storage disabled: there was nothing stored to delete.
  }
}

export function readLimits() {
  return read(LIMITS_KEY);
}

/** Remembers the server's limits for a page loaded while the server is away; best effort. */
export function keepLimits(limits) {
  try {
    write(LIMITS_KEY, limits);
  } catch {
    // Storage disabled or full: the page asks the server again next time.
  }
}

const storageFailureListeners = [];

/** Calls `listener(error)` when the browser would not keep a chat (storage disabled, or full with one chat). */
export function onStorageFailure(listener) {
  storageFailureListeners.push(listener);
}

/** Calls `listener(chatId)` when another tab changes a chat (chatId null: the list changed). */
export function onOtherTabChange(listener) {
  window.addEventListener('storage', (event) => {
    if (event.storageArea !== localStorage || event.key === null || !event.key.startsWith(PREFIX)) return;
    if (event.key === INDEX_KEY) listener(null);
    else if (event.key.startsWith(chatKey(''))) listener(event.key.slice(chatKey('').length));
  });
}

/**
 * Saves the chat and moves it to the top of the list. Past MAX_CHATS, or when the browser's storage is
 * full, the least recently used other chats are dropped until it fits. A chat that cannot be kept at all
 * lives on in the page (until a reload); the listeners of onStorageFailure are told.
 */
function save(chat) {
  try {
    saveOrThrow(chat);
    inPageOnly.delete(chat.id);
  } catch (error) {
    inPageOnly.set(chat.id, chat);
    for (const listener of storageFailureListeners) listener(error);
  }
}

function saveOrThrow(chat) {
  const others = listChats().filter((entry) => entry.id !== chat.id);
  const index = [{ id: chat.id, title: chat.title, updatedAt: chat.updatedAt }, ...others];
  while (index.length > MAX_CHATS) dropLast(index);
  for (;;) {
    try {
      write(chatKey(chat.id), chat);
      writeIndex(index);
      return;
    } catch (error) {
      if (!isQuotaError(error) || index.length <= 1) throw error;
      dropLast(index);
    }
  }
}

function dropLast(index) {
  const dropped = index.pop();
  localStorage.removeItem(chatKey(dropped.id));
}

function writeIndex(index) {
  write(INDEX_KEY, index);
}

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function write(key, value) {
  localStorage.setItem(key, JSON.stringify(value));
}

function isQuotaError(error) {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}
