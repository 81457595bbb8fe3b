import { ClientRequest, get, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { waitFor } from './wait-for';

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseResult {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  /** Comment lines (heartbeats) received. */
  comments: number;
  /** The body when the answer was not an event stream (an error's JSON). */
  body: string;
  /** True when the client hung up (stopWhen, close()) rather than the server ending the response. */
  disconnected: boolean;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Hang up, like a closed browser tab, as soon as this returns true. */
  stopWhen?: (events: SseEvent[]) => boolean;
  /** Read nothing until resume(): a client that has stopped reading from the start. */
  paused?: boolean;
}

/**
 * One event stream over a real socket, read as it arrives. The test can stop reading without closing
 * (pause(): the socket stays open and silent, like a phone in a tunnel), read again, or hang up.
 */
export class SseConnection {
  readonly events: SseEvent[] = [];
  /** Resolves once the response has ended or the connection closed, with everything read. */
  readonly finished: Promise<SseResult>;
  private response?: IncomingMessage;
  private readonly request: ClientRequest;
  private comments = 0;
  private body = '';
  private buffer = '';
  private disconnected = false;

  constructor(url: string, { headers = {}, stopWhen, paused = false }: SseOptions = {}) {
    let settle!: { resolve: (result: SseResult) => void; reject: (error: Error) => void };
    this.finished = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.request = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      this.response = response;
      const isStream = (response.headers['content-type'] ?? '').startsWith('text/event-stream');
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (!isStream) return void (this.body += chunk);
        this.parse(chunk);
        if (stopWhen?.(this.events)) this.close();
      });
      const finish = () => settle.resolve(this.result(response));
      response.on('end', finish);
      response.on('close', finish);
      if (paused) response.pause();
    });
    this.request.on('error', (error) => {
      if (!this.disconnected) settle.reject(error);
    });
    this.request.on('close', () => {
      if (!this.response) settle.reject(new Error(`${url}: the connection closed before any response`));
    });
  }

  get status(): number | undefined {
    return this.response?.statusCode;
  }

  get headers(): IncomingHttpHeaders {
    return this.response?.headers ?? {};
  }

  /** The id of the last event read that had one, '0' before any. */
  get lastEventId(): string {
    return this.events.filter((event) => event.id !== undefined).at(-1)?.id ?? '0';
  }

  /** Waits, in short steps, until `count` events have been read. */
  async waitForEvents(count: number, timeoutMs = 10_000): Promise<void> {
    await waitFor(`${count} events (have ${this.events.length})`, () => this.events.length >= count, timeoutMs);
  }

  /** Stops reading, without closing: the server's writes pile up in the socket buffers, then block. */
  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  /** Hangs up, like a closed tab. */
  close(): void {
    this.disconnected = true;
    this.request.destroy();
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (frame.startsWith(':')) this.comments += 1;
      const event = parseFrame(frame);
      if (event) this.events.push(event);
    }
  }

  private result(response: IncomingMessage): SseResult {
    const { events, comments, body, disconnected } = this;
    return { status: response.statusCode ?? 0, headers: response.headers, events, comments, body, disconnected };
  }
}

/** Reads a Server-Sent Events response over a real socket until the server ends it or stopWhen says so. */
export function readSse(url: string, options: SseOptions = {}): Promise<SseResult> {
  return new SseConnection(url, options).finished;
}

function parseFrame(frame: string): SseEvent | null {
  const event: SseEvent = { event: 'message', data: '' };
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
  }
  if (data.length === 0) return null;
  event.data = data.join('\n');
  return event;
}

/**
 * Reads a whole stream and, as soon as `afterEvents` events have arrived, runs `action` (a fault, a
 * cancel) while the stream goes on; resolves with both outcomes once both are done.
 */
export async function readSseWhile<T>(
  url: string,
  afterEvents: number,
  action: () => Promise<T>,
  options: Omit<SseOptions, 'stopWhen'> = {},
): Promise<SseResult & { actionResult: T }> {
  let running: Promise<T> | undefined;
  const result = await readSse(url, {
    ...options,
    stopWhen: (events) => {
      if (events.length >= afterEvents) running ??= action();
      return false;
    },
  });
  if (!running) throw new Error(`The stream ended after ${result.events.length} events, before ${afterEvents}`);
  return { ...result, actionResult: await running };
}
