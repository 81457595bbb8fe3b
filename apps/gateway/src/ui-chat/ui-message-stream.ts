import { AnswerEnding, MessageHeader } from '@app/contracts';
import { wordContent } from '../streams/relay/word-content';
import { AnswerFormat, AnswerSurface } from '../streams/relay/relay-context';
import { jsonForSse, sseEvent } from '../streams/sse/sse-frame';
import { SseStream } from '../streams/sse/sse-stream';
import { finishReasonOf, StreamErrorCode } from '../streams/sse/stream-error';

/** The headers the AI SDK's transport looks for on a UI message stream. */
const UI_MESSAGE_STREAM_HEADERS = { 'x-vercel-ai-ui-message-stream': 'v1' };

/** The answer's one text part. */
const TEXT_PART = 'text';

const DONE = 'data: [DONE]\n\n';

/**
 * An answer as the Vercel AI SDK's UI message stream: `start` (with the message id), `text-start`, a
 * `text-delta` per word (the word and the white space after it), `text-end`, `finish`, then
 * `data: [DONE]`; a failure is an `error` part. Parts carry only the fields the SDK's schema names:
 * AI SDK 5 validates them strictly. A resume starts again from `start`, and the SDK replaces the
 * message with what follows: the whole answer again, once.
 */
class UiMessageParts implements AnswerFormat {
  constructor(private readonly messageId: string) {}

  /** `start` and `text-start`, written as the stream opens. */
  opening(): string {
    return part({ type: 'start', messageId: this.messageId }) + part({ type: 'text-start', id: TEXT_PART });
  }

  word(_header: MessageHeader, seq: number, text: string, sep?: string): string {
    return sseEvent(jsonForSse({ type: 'text-delta', id: TEXT_PART, delta: wordContent(seq, text, sep) }), { id: seq });
  }

  end(_header: MessageHeader, _endSeq: number, _written: number, ending: AnswerEnding): string {
    if (ending.error !== undefined) return this.failure(ending.error);
    return this.finish();
  }

  error(code: StreamErrorCode, message: string): string {
    return finishReasonOf(code) ? this.finish() : this.failure(message);
  }

  private finish(): string {
    return part({ type: 'text-end', id: TEXT_PART }) + part({ type: 'finish' }) + DONE;
  }

  private failure(message: string): string {
    return part({ type: 'error', errorText: message }) + DONE;
  }
}

function part(value: object): string {
  return sseEvent(jsonForSse(value));
}

/** POST /api/chat and its resume: the answer to `messageId` as a UI message stream. */
export function uiMessageStream(messageId: string): AnswerSurface {
  return (response, listener) => {
    const stream = new SseStream(response, listener, UI_MESSAGE_STREAM_HEADERS);
    const format = new UiMessageParts(messageId);
    stream.send(format.opening());
    return { stream, format };
  };
}
