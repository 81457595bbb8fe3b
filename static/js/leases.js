// Tabs share the chats. A tab renews its lease on what it streams and sends; what no tab holds (a
// reload, a closed tab) another picks up, so that nothing is abandoned.

import * as store from './chat-store.js';
import { RESUMABLE_MS, resumeAnswers, saveAnswers, saveUnsaved } from './live-answers.js';
import { LEASE_MS, state } from './page.js';
import { holdSending, sendKept } from './sending.js';

/** How often an arriving answer is written to storage: what a reload resumes from. */
const SAVE_EVERY_MS = 250;
const ADOPT_EVERY_MS = 3000;

/** Picks up answers and messages another tab (or this page before a reload) left, so that they are not abandoned. */
export function adoptOrphans() {
  const now = Date.now();
  for (const { id, updatedAt } of store.listChats()) {
    if (now - updatedAt > RESUMABLE_MS) break;
    const chat = store.getChat(id);
    if (!chat) continue;
    sendKept(chat);
    resumeAnswers(chat, { takeOver: false });
  }
}

/** Saves what this tab streams and sends, with its lease until `heldUntil` (0: lets go). */
function holdAll(heldUntil) {
  saveAnswers(heldUntil);
  holdSending(heldUntil);
}

export function keepLeases() {
  setInterval(saveUnsaved, SAVE_EVERY_MS);
  setInterval(() => {
    holdAll(Date.now() + LEASE_MS);
    adoptOrphans();
  }, ADOPT_EVERY_MS);
  // A reload or a closed tab: what has arrived is kept, and other tabs may take the answers over at once.
  window.addEventListener('pagehide', () => {
    state.leaving = true;
    holdAll(0);
  });
  window.addEventListener('pageshow', () => (state.leaving = false));
}
