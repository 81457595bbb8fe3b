import { AnswerTranscriptMessage, WordMessage } from '@app/contracts';

export type ReplyWord = Pick<WordMessage, 'chat_id' | 'chat_title' | 'message_id' | 'text' | 'sep' | 'seq' | 'done' | 'error'>;

/**
 * Reads a worker's message on the hot path: JSON with a string `text`, an optional string `sep`, an
 * optional positive integer `seq`, an optional `done` flag and an optional `error`. Returns null for
 * anything else.
 */
export function readReplyWord(content: Buffer): ReplyWord | null {
  const value = parseObject(content) as Partial<Record<keyof ReplyWord, unknown>> | null;
  if (value === null || typeof value.text !== 'string') return null;
  const { seq, done, error, sep } = value;
  if (sep !== undefined && typeof sep !== 'string') return null;
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) > 0)) return null;
  if (done !== undefined && typeof done !== 'boolean') return null;
  if (error !== undefined && typeof error !== 'string') return null;
  return value as ReplyWord;
}

/** Reads a transcript a gateway kept: the header, each word as a string or null, and the end's seq after them. */
export function readTranscript(content: Buffer): AnswerTranscriptMessage | null {
  const value = parseObject(content) as Partial<Record<keyof AnswerTranscriptMessage, unknown>> | null;
  if (value === null || !Array.isArray(value.words) || !value.words.every((word) => word === null || typeof word === 'string')) return null;
  const endSeq = value.end_seq;
  if (endSeq !== undefined && !(Number.isSafeInteger(endSeq) && (endSeq as number) > value.words.length)) return null;
  if (![value.chat_id, value.chat_title, value.message_id].every((field) => typeof field === 'string')) return null;
  if (value.error !== undefined && typeof value.error !== 'string') return null;
  const seps = value.seps;
  if (seps !== undefined && !(Array.isArray(seps) && seps.every((sep) => sep === null || typeof sep === 'string'))) return null;
  return value as unknown as AnswerTranscriptMessage;
}

function parseObject(content: Buffer): object | null {
  try {
    const value: unknown = JSON.parse(content.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
