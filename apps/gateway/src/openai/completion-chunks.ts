import { AnswerEnding, FinishReason, MessageHeader } from '@app/contracts';
import { AnswerFormat, AnswerSurface } from '../streams/relay/relay-context';
import { jsonForSse, sseEvent } from '../streams/sse/sse-frame';
import { SseStream } from '../streams/sse/sse-stream';
import { finishReasonOf, StreamErrorCode } from '../streams/sse/stream-error';
import { wordContent } from '../streams/relay/word-content';
import { Completion, modelOf } from './completion';

const DONE = 'data: [DONE]\n\n';

/**
 * A completion as Chat Completions streams it: unnamed `data:` chunks `chat.completion.chunk`, the
 * role in the first, a word's text and the white space after it as each one's content, then a chunk
 * with `finish_reason`, the usage chunk when asked for, and `data: [DONE]`. Each word's chunk also
 * has its seq as SSE `id:`, where a resume starts from. A failure is a chunk `{"error": {…}}`, on
 * which the `openai` client throws an APIError.
 */
export class CompletionChunks implements AnswerFormat {
  /** The JSON of every chunk up to its `choices`, the same for the whole completion. */
  private head?: string;
  /** The answer's header, from its first word or end. */
  private header?: MessageHeader;
  private roleSent: boolean;

  constructor(
    private readonly completion: Completion,
    resumeAfter: number,
  ) {
    // A resumed stream continues one whose first chunk had the role.
    this.roleSent = resumeAfter > 0;
  }

  word(header: MessageHeader, seq: number, text: string, sep?: string): string {
    const chunk = this.chunk(
      header,
      `{"index":0,"delta":{"content":${jsonForSse(wordContent(seq, text, sep))}},"logprobs":null,"finish_reason":null}`,
    );
    return this.role(header) + sseEvent(chunk, { id: seq });
  }

  /** A client resuming after the finish chunk (`written` its id) gets only what follows it. */
  end(header: MessageHeader, endSeq: number, written: number, ending: AnswerEnding): string {
    if (ending.error !== undefined) return this.failure('worker_error', ending.error);
    const finish =
      written >= endSeq ? '' : this.role(header) + sseEvent(this.finishChunk(header, ending.finish_reason ?? 'stop'), { id: endSeq });
    const usage =
      this.completion.includeUsage && ending.usage ? sseEvent(`${this.headOf(header)}[],"usage":${jsonForSse(ending.usage)}}`) : '';
    return finish + usage + DONE;
  }

  error(code: StreamErrorCode, message: string): string {
    const reason = finishReasonOf(code);
    if (reason === undefined) return this.failure(code, message);
    // Before its first word a stream knows no header; the request's model stands in.
    const header = this.header ?? { chat_id: '', chat_title: this.completion.model, message_id: '' };
    return this.role(header) + sseEvent(this.finishChunk(header, reason)) + DONE;
  }

  private failure(code: string, message: string): string {
    const type = code === 'moved' ? 'invalid_request_error' : 'server_error';
    return sseEvent(jsonForSse({ error: { message, type, param: null, code } }));
  }

  private finishChunk(header: MessageHeader, reason: FinishReason): string {
    return this.chunk(header, `{"index":0,"delta":{},"logprobs":null,"finish_reason":"${reason}"}`);
  }

  /** The role chunk, before the completion's first chunk of content or its end. */
  private role(header: MessageHeader): string {
    if (this.roleSent) return '';
    this.roleSent = true;
    return sseEvent(this.chunk(header, '{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}'));
  }

  private chunk(header: MessageHeader, choice: string): string {
    return `${this.headOf(header)}[${choice}]${this.completion.includeUsage ? ',"usage":null' : ''}}`;
  }

  private headOf(header: MessageHeader): string {
    this.header ??= header;
    const { id, created } = this.completion;
    this.head ??= `{"id":${jsonForSse(id)},"object":"chat.completion.chunk","created":${created},"model":${jsonForSse(modelOf(header))},"choices":`;
    return this.head;
  }
}

/** POST /v1/chat/completions with `stream: true`, and its resume. */
export function completionStream(completion: Completion, resumeAfter: number): AnswerSurface {
  return (response, listener) => ({ stream: new SseStream(response, listener), format: new CompletionChunks(completion, resumeAfter) });
}
