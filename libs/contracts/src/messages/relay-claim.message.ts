/**
 * A relay announcing that it takes an answer over. Claims are ordered by `claim` (compared as
 * strings: the time it was made, then a random part), so every gateway agrees which of two racing
 * claims is the newer one: the newest relay keeps the answer, every other relay of it lets go.
 */
export interface RelayClaimMessage {
  message_id: string;
  claim: string;
}
