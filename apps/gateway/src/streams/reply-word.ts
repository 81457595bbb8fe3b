import { WordMessage } from '@app/contracts';

export type ReplyWord = Pick<WordMessage, 'chat_id' | 'chat_title' | 'message_id' | 'text' | 'seq' | 'done' | 'error'>;

/**
 * Reads a worker's message on the hot path: JSON with a string `text`, an optional positive
 * integer `seq`, an optional `done` flag and an optional `error`. Returns null for anything else.
 */
export function readReplyWord(content: Buffer): ReplyWord | null {
  let value: Partial<Record<keyof ReplyWord, unknown>>;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || typeof value.text !== 'string') return null;
  const { seq, done, error } = value;
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) > 0)) return null;
  if (done !== undefined && typeof done !== 'boolean') return null;
  if (error !== undefined && typeof error !== 'string') return null;
  return value as ReplyWord;
}
