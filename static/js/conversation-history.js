// The context a message carries to the worker: the chat's earlier turns, as the model would see them.

/**
 * The most turns the gateway takes in a history (MAX_TURNS in libs/contracts, which the page cannot
 * import, and GET /config does not tell): a long chat of short turns fits max_history_length long before.
 */
export const MAX_HISTORY_TURNS = 256;

/**
 * The turns before `messages[index]`, oldest first, as `{ role, content }`, holding at most `maxLength`
 * characters in all, and at most MAX_HISTORY_TURNS turns: the last turns that fit, whole. An answer is its text as shown; a failed or empty
 * answer is left out, and so is a message not yet sent. Counted in UTF-16 units, never fewer than the
 * characters the server counts, so that a history the page sends is never over the server's limit.
 */
export function historyBefore(messages, index, maxLength) {
  const turns = messages.slice(0, index).flatMap(asTurn);
  let length = 0;
  let first = turns.length;
  const oldest = Math.max(0, turns.length - MAX_HISTORY_TURNS);
  while (first > oldest && length + turns[first - 1].content.length <= maxLength) length += turns[--first].content.length;
  return turns.slice(first);
}

function asTurn(message) {
  if (message.role === 'user') return message.sendId === undefined ? [{ role: 'user', content: message.text }] : [];
  if (message.state === 'failed' || message.text === '') return [];
  return [{ role: 'assistant', content: message.text }];
}
