import { AnswerEnding, FinishReason, MessageHeader, TokenUsage } from '@app/contracts';
import { ServerResponse } from 'node:http';
import { AnswerFormat, AnswerSurface, EventStream } from '../streams/relay/relay-context';
import { SseStreamListener } from '../streams/sse/sse-stream';
import { finishReasonOf, StreamErrorCode } from '../streams/sse/stream-error';
import { wordContent } from '../streams/relay/word-content';
import { Completion, modelOf } from './completion';
import { openAiErrorBody } from './openai-error';

/** The HTTP status of a completion that could not be made, by why its stream would have ended. */
const STATUS_OF: Record<Exclude<StreamErrorCode, 'gone' | 'too_long'>, number> = {
  moved: 409,
  worker_error: 502,
  worker_silent: 504,
  broker_unavailable: 503,
  could_not_start: 500,
};

/** The response of a completion that is not streamed: nothing until the end, then one JSON body with its status. */
class JsonReply implements EventStream {
  status = 200;
  readonly blocked = false;

  constructor(
    private readonly response: ServerResponse,
    listener: SseStreamListener,
  ) {
    response.on('close', () => listener.onClosed());
  }

  blockedFor(): number {
    return 0;
  }

  /** Words are gathered by CompletionBody, not written; nothing is to be sent before the end. */
  send(): boolean {
    return true;
  }

  heartbeat(): void {}

  end(body = ''): void {
    if (this.response.destroyed) return;
    this.response.writeHead(this.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    this.response.end(body);
  }

  cutOff(): void {
    this.response.destroy();
  }
}

/** A completion as one `chat.completion` object: the answer's words gathered, the body made at the end. */
class CompletionBody implements AnswerFormat {
  private content = '';
  private header?: MessageHeader;

  constructor(
    private readonly completion: Completion,
    private readonly reply: JsonReply,
  ) {}

  word(header: MessageHeader, seq: number, text: string, sep?: string): string {
    this.header ??= header;
    this.content += wordContent(seq, text, sep);
    return '';
  }

  end(header: MessageHeader, _endSeq: number, _written: number, ending: AnswerEnding): string {
    this.header ??= header;
    if (ending.error !== undefined) return this.failure(502, ending.error, 'worker_error');
    return this.body(ending.finish_reason ?? 'stop', ending.usage);
  }

  error(code: StreamErrorCode, message: string): string {
    const reason = finishReasonOf(code);
    if (reason !== undefined) return this.body(reason);
    return this.failure(STATUS_OF[code as keyof typeof STATUS_OF], message, code);
  }

  private failure(status: number, message: string, code: string): string {
    this.reply.status = status;
    return JSON.stringify(openAiErrorBody(status, message, null, code));
  }

  private body(finishReason: FinishReason, usage?: TokenUsage): string {
    const { id, created, model } = this.completion;
    return JSON.stringify({
      id,
      object: 'chat.completion',
      created,
      model: this.header ? modelOf(this.header) : model,
      choices: [
        { index: 0, message: { role: 'assistant', content: this.content, refusal: null }, logprobs: null, finish_reason: finishReason },
      ],
      ...(usage ? { usage } : {}),
    });
  }
}

/** POST /v1/chat/completions without `stream`. */
export function completionBody(completion: Completion): AnswerSurface {
  return (response, listener) => {
    const reply = new JsonReply(response, listener);
    return { stream: reply, format: new CompletionBody(completion, reply) };
  };
}
