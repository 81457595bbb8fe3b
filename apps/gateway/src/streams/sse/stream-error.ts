import { FinishReason } from '@app/contracts';
import { jsonForSse, sseEvent } from './sse-frame';

/**
 * Why a stream ended with `event: error`: the `code` in its data, `{"code","message"}`. Clients act
 * on the code and may show the message, which is for people. These are all the codes there are; the
 * API description lists them from here.
 */
export const STREAM_ERROR_CODES = {
  moved: 'a newer request for the answer took it over (another tab, a reconnect, another gateway)',
  gone: 'the answer was stopped, released or expired meanwhile',
  worker_silent: 'no word from the worker for STREAM_IDLE_TIMEOUT_MS; the message was abandoned',
  too_long: 'the answer went past MAX_ANSWER_WORDS words; the rest was dropped',
  worker_error: "the answer ended with an error (no worker took the request in time, say); the message is the error's text",
  broker_unavailable: 'the message broker was lost mid-answer and did not come back',
  could_not_start: 'the stream failed before it could consume the answer',
} as const;

export type StreamErrorCode = keyof typeof STREAM_ERROR_CODES;

/**
 * Early ends that the protocols of model servers call an ending rather than a failure: a stop (the
 * answer was cancelled; `gone`) and a limit (`too_long`), with the finish reason each says. The
 * page's stream reports them as errors, as it always has; the OpenAI and AI SDK formats finish.
 */
export function finishReasonOf(code: StreamErrorCode): FinishReason | undefined {
  if (code === 'gone') return 'stop';
  return code === 'too_long' ? 'length' : undefined;
}

export function errorEvent(code: StreamErrorCode, message: string): string {
  return sseEvent(jsonForSse({ code, message }), { event: 'error' });
}
