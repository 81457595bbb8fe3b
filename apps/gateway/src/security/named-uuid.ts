import { createHash } from 'node:crypto';

/**
 * A UUID v4-shaped name for `name` (a SHA-256 of it), always the same: what message ids of owners that
 * are not chats (an API key's completions, an AI SDK chat) are bound to (MessageIds).
 */
export function namedUuid(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  hash[6] = 0x40 | (hash[6] & 0x0f);
  hash[8] = 0x80 | (hash[8] & 0x3f);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
