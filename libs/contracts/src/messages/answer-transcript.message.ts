import { AnswerEnding, isFinishReason, isTokenUsage } from './answer-ending';
import { parseJsonObject } from './json-object';
import { MessageHeader } from './message-header';

/** The AMQP `type` of a transcript, to tell it from a worker's word in the same reply queue. */
export const TRANSCRIPT_MESSAGE_TYPE = 'transcript';

/**
 * An answer, or a part of it, in one message. A relay puts one in the reply queue in place of word
 * messages it holds: every CHECKPOINT_WORDS words while it relays (a segment), and all it has when it
 * lets the answer go or has relayed its end. One message stands for many: the broker keeps a message
 * for a fraction of what it spends on a held one, and settles held messages one at a time.
 *
 * `words[i]` is the text of the word whose seq is `first_seq` + i (first_seq defaults to 1), null for
 * one this gateway did not have. `end_seq` is the end's seq, when the end has arrived; with it come
 * the end's `error`, `finish_reason` and `usage`, when it had them.
 */
export interface AnswerTranscriptMessage extends MessageHeader, AnswerEnding {
  first_seq?: number;
  words: (string | null)[];
  /** `seps[i]` is the separator that follows `words[i]` (see WordMessage.sep); absent when no word had one. */
  seps?: (string | null)[];
  end_seq?: number;
}

const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** A transcript as a gateway kept it, or null when the message is anything else. */
export function readAnswerTranscript(content: Buffer): AnswerTranscriptMessage | null {
  const value = parseJsonObject(content);
  if (value === null || !Array.isArray(value.words) || !value.words.every(isStringOrNull)) return null;
  if (![value.chat_id, value.chat_title, value.message_id].every((field) => typeof field === 'string')) return null;
  const firstSeq = value.first_seq ?? 1;
  if (!(Number.isSafeInteger(firstSeq) && (firstSeq as number) >= 1)) return null;
  const endSeq = value.end_seq;
  if (endSeq !== undefined && !(Number.isSafeInteger(endSeq) && (endSeq as number) >= (firstSeq as number) + value.words.length))
    return null;
  if (value.error !== undefined && typeof value.error !== 'string') return null;
  if (value.finish_reason !== undefined && !isFinishReason(value.finish_reason)) return null;
  if (value.usage !== undefined && !isTokenUsage(value.usage)) return null;
  const seps = value.seps;
  if (seps !== undefined && !(Array.isArray(seps) && seps.every(isStringOrNull))) return null;
  return value as unknown as AnswerTranscriptMessage;
}
