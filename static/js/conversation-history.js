// The context a message carries to the worker: the chat's earlier turns, as the model would see them.

/**
 * The turns before `messages[index]`, oldest first, as `{ role, content }`, holding at most `maxLength`
 * characters in all: the last turns that fit, whole. An answer is its text as shown; a failed or empty
 * answer is left out, and so is a message not yet sent. Counted in UTF-16 units, never fewer than the
 * characters the server counts, so that a history the page sends is never over the server's limit.
 */
export function historyBefore(messages, index, maxLength) {
  const turns = messages.slice(0, index).flatMap(asTurn);
  let length = 0;
  let first = turns.length;
  while (first > 0 && length + turns[first - 1].content.length <= maxLength) length += turns[--first].content.length;
  return turns.slice(first);
}

function asTurn(message) {
  if (message.role === 'user') return message.sendId === undefined ? [{ role: 'user', content: message.text }] : [];
  if (message.state === 'failed' || message.text === '') return [];
  return [{ role: 'assistant', content: message.text }];
}
