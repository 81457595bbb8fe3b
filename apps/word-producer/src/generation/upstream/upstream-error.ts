import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { GenerationError } from '../answer-generator';

/** The model server failed the answer; the message says how, with the server's own words when it gave any. */
export class UpstreamError extends GenerationError {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** The model server sent nothing for `timeoutMs`: neither the start of its answer nor its next chunk. */
export function upstreamSilent(timeoutMs: number): UpstreamError {
  return new UpstreamError(`The model server sent nothing for ${timeoutMs} ms (UPSTREAM_TIMEOUT_MS)`);
}

/**
 * What the openai client threw, as the reader is told it: an HTTP status with the server's message, an
 * `{"error": …}` chunk mid-stream, a timeout, a connection that failed. It names no address, since the
 * reader is not the operator; the worker logs it.
 */
export function upstreamError(error: unknown, timeoutMs: number): UpstreamError {
  if (error instanceof APIConnectionTimeoutError) return upstreamSilent(timeoutMs);
  if (error instanceof APIConnectionError) return new UpstreamError(`Could not reach the model server (${connectionFailure(error)})`);
  if (error instanceof APIError) return apiFailure(error as APIError<number | undefined>);
  const [thrown] = causes(error);
  if (thrown?.name === 'SyntaxError') return new UpstreamError('The model server sent a chunk that is not JSON');
  return new UpstreamError(`The model server failed: ${thrown?.message ?? String(error)}`);
}

/** An HTTP status with the server's message (`500: the model is out of memory`, `502` alone without a body), or an error chunk mid-stream. */
function apiFailure({ status, message }: APIError<number | undefined>): UpstreamError {
  if (status === undefined) return new UpstreamError(`The model server failed mid-answer: ${message}`);
  const detail = message.startsWith(`${status} `) ? message.slice(`${status} `.length) : message;
  return new UpstreamError(`The model server answered ${detail === 'status code (no body)' ? status : `${status}: ${detail}`}`);
}

/** The system's code for it (ECONNREFUSED, ENOTFOUND) from undici's chain of causes, else its message. */
function connectionFailure(error: APIConnectionError): string {
  for (const cause of causes(error)) if (typeof cause.code === 'string' && /^E[A-Z]+$/.test(cause.code)) return cause.code;
  return causes(error)[1]?.message ?? error.message;
}

interface ThrownValue {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: unknown;
}

/**
 * An error and the chain of its causes. Duck-typed rather than `instanceof Error`: undici's errors come
 * from Node's own realm, which is not the realm of a test's sandbox.
 */
export function causes(error: unknown): ThrownValue[] {
  const chain: ThrownValue[] = [];
  for (let cause = error; typeof cause === 'object' && cause !== null && chain.length < 10; cause = (cause as ThrownValue).cause) {
    chain.push(cause);
  }
  return chain;
}
