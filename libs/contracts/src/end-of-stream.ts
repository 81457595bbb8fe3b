import { MessageHeader, messageHeader } from './messages/message-header';
import { WordMessage } from './messages/word.message';

/** The text of the last message of every answer, kept from the original protocol. */
export const END_MARKER = '^*END*^';

/**
 * This project's worker numbers every word (`seq`) and flags the end with `done: true`, so a user's
 * literal marker is just a word. Workers of the original protocol send neither field; for them the
 * marker text alone ends the answer.
 */
export function isEndOfStream(message: Pick<WordMessage, 'text' | 'seq' | 'done'>): boolean {
  if (message.done !== undefined || message.seq !== undefined) return message.done === true;
  return message.text === END_MARKER;
}

/** The last message of an answer: after its last word (`seq`, when the words are numbered), or in place of it (`error`). */
export function endMessage(header: MessageHeader, end: Pick<WordMessage, 'seq' | 'error' | 'finish_reason' | 'usage'>): WordMessage {
  return { ...messageHeader(header), text: END_MARKER, ...end, done: true };
}
