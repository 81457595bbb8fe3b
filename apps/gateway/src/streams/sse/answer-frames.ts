import { AnswerEnding, END_MARKER, MessageHeader, messageHeader } from '@app/contracts';
import type { AnswerFormat, AnswerSurface } from '../relay/relay-context';
import { jsonForSse, sseEvent } from './sse-frame';
import { SseStream } from './sse-stream';
import { errorEvent, StreamErrorCode } from './stream-error';

const END_EVENT = sseEvent('Stream ended', { event: 'end' });

/**
 * The frames of one answer's stream: each word as `{"chat_id","chat_title","message_id","text","sep","seq"}`
 * with its seq as id, then the end marker with `"done":true`, then `event: end`. The JSON up to the
 * text is the same for every word of the answer, and is written once rather than once per word.
 */
export class AnswerFrames implements AnswerFormat {
  private prefix?: string;

  word(header: MessageHeader, seq: number, text: string, sep?: string): string {
    return sseEvent(this.wordData(header, seq, text, sep), { id: seq });
  }

  /**
   * The end, to a client that has every word up to `written`: one that has the end's data event
   * already needs only `event: end`. An answer that ended with an error ends with that error.
   */
  end(header: MessageHeader, endSeq: number, written: number, { error }: AnswerEnding): string {
    if (error !== undefined) return errorEvent('worker_error', error);
    const done = written >= endSeq ? '' : sseEvent(this.wordData(header, endSeq, END_MARKER, undefined, true), { id: endSeq });
    return done + END_EVENT;
  }

  error(code: StreamErrorCode, message: string): string {
    return errorEvent(code, message);
  }

  private wordData(header: MessageHeader, seq: number, text: string, sep?: string, done?: true): string {
    this.prefix ??= headerPrefix(header);
    const sepField = sep === undefined ? '' : `,"sep":${jsonForSse(sep)}`;
    return `${this.prefix}${jsonForSse(text)}${sepField},"seq":${seq}${done ? ',"done":true' : ''}}`;
  }
}

/** `{"chat_id":…,"chat_title":…,"message_id":…,"text":` */
function headerPrefix(header: MessageHeader): string {
  return `${jsonForSse(messageHeader(header)).slice(0, -1)},"text":`;
}

/** The chat page's stream (GET /stream/…): these frames over Server-Sent Events. */
export const pageStream: AnswerSurface = (response, listener) => ({
  stream: new SseStream(response, listener),
  format: new AnswerFrames(),
});
