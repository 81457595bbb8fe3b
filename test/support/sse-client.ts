import { get, IncomingHttpHeaders } from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseResult {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  /** The body when the answer was not an event stream (an error's JSON). */
  body: string;
  /** True when the client hung up (stopWhen) rather than the server ending the response. */
  disconnected: boolean;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Hang up, like a closed browser tab, as soon as this returns true. */
  stopWhen?: (events: SseEvent[]) => boolean;
}

/** Reads a Server-Sent Events response over a real socket until the server ends it or stopWhen says so. */
export function readSse(url: string, { headers = {}, stopWhen }: SseOptions = {}): Promise<SseResult> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const events: SseEvent[] = [];
      let buffer = '';
      let body = '';
      let disconnected = false;
      const isStream = (response.headers['content-type'] ?? '').startsWith('text/event-stream');
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (!isStream) return void (body += chunk);
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) events.push(event);
        }
        if (stopWhen?.(events)) {
          disconnected = true;
          request.destroy();
          finish();
        }
      });
      const finish = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, events, body, disconnected });
      response.on('end', finish);
      response.on('close', finish);
    });
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
  });
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
