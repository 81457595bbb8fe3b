import { parseJsonObject } from './json-object';

/**
 * A relay announcing that it takes an answer over. Claims are ordered by `claim` (compared as
 * strings: the time it was made, then a random part), so every gateway agrees which of two racing
 * claims is the newer one: the newest relay keeps the answer, every other relay of it lets go.
 */
export interface RelayClaimMessage {
  message_id: string;
  claim: string;
}

/** A claim as a relay announced it, or null when the message is anything else. */
export function readRelayClaim(content: Buffer): RelayClaimMessage | null {
  const value = parseJsonObject(content);
  if (value === null || typeof value.message_id !== 'string' || typeof value.claim !== 'string') return null;
  return { message_id: value.message_id, claim: value.claim };
}
