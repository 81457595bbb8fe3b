import { Agent, ClientRequest, get, IncomingHttpHeaders, IncomingMessage } from 'node:http';
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
  private readonly frames = new SseFrameSplitter(
    (event) => this.events.push(event),
    () => (this.comments += 1),
  );
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
        this.frames.push(chunk);
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

  private result(response: IncomingMessage): SseResult {
    const { events, comments, body, disconnected } = this;
    return { status: response.statusCode ?? 0, headers: response.headers, events, comments, body, disconnected };
  }
}

/** Reads a Server-Sent Events response over a real socket until the server ends it or stopWhen says so. */
export function readSse(url: string, options: SseOptions = {}): Promise<SseResult> {
  return new SseConnection(url, options).finished;
}

/**
 * Cuts an event stream into frames at blank lines as its chunks arrive, handing on each event (with
 * the time its chunk arrived, when given) and counting comment lines (heartbeats).
 */
export class SseFrameSplitter {
  private buffer = '';

  constructor(
    private readonly onEvent: (event: SseEvent, at: number) => void,
    private readonly onComment: () => void = () => undefined,
  ) {}

  push(chunk: string, at = 0): void {
    this.buffer += chunk;
    let start = 0;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n', start)) >= 0) {
      const frame = this.buffer.slice(start, end);
      start = end + 2;
      if (frame.startsWith(':')) this.onComment();
      const event = parseSseFrame(frame);
      if (event) this.onEvent(event, at);
    }
    this.buffer = this.buffer.slice(start);
  }
}

/** One frame's event, or null for a frame without data (a comment, a lone `retry:`). */
function parseSseFrame(frame: string): SseEvent | null {
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

export interface EventStreamOutcome {
  /** 0 when the request failed before any response. */
  status: number;
  /** True when the server ended the stream, rather than the connection breaking. */
  complete: boolean;
  /** The error body when the answer was not an event stream, or the request's error. */
  body?: string;
}

export interface EventStreamOptions {
  agent?: Agent;
  signal?: AbortSignal;
  onOpen?: (request: ClientRequest) => void;
  /** Each event, with the time (performance.now()) its chunk arrived. */
  onEvent: (event: SseEvent, at: number) => void;
}

/**
 * Reads an event stream with as little as possible kept per stream: for load, thousands at once. Each
 * event goes to onEvent as it arrives; resolves once the response is over. Never rejects.
 */
export function readEventStream(url: string, { agent, signal, onOpen, onEvent }: EventStreamOptions): Promise<EventStreamOutcome> {
  return new Promise((resolve) => {
    const request = get(url, { agent, signal, headers: { Accept: 'text/event-stream' } }, (response) => {
      const type = String(response.headers['content-type'] ?? '');
      if (response.statusCode !== 200 || !type.startsWith('text/event-stream')) {
        return void readBody(response).then((body) => resolve({ status: response.statusCode ?? 0, complete: false, body }));
      }
      onOpen?.(request);
      const frames = new SseFrameSplitter(onEvent);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => frames.push(chunk, performance.now()));
      response.on('close', () => resolve({ status: 200, complete: response.complete }));
    });
    request.on('error', (error) => resolve({ status: 0, complete: false, body: error.message }));
  });
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('close', () => resolve(text));
  });
}
