import { ServerResponse } from 'node:http';
import { keepHeadLean } from './lean-response-head';
import { SSE_HEARTBEAT } from './sse-frame';

/** What an SseStream tells the relay behind it. */
export interface SseStreamListener {
  /** The client has taken what was waiting: the stream can take data again. */
  onDrain(): void;
  /** The connection closed, whichever side closed it. */
  onClosed(): void;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** How soon a browser's EventSource should reconnect after a dropped connection. */
const RECONNECT_DELAY_MS = 1000;

/**
 * The Server-Sent Events side of a stream: headers, frames, heartbeats and the end of the response.
 * A frame is written only while the client keeps up: `send` says when the response's buffer is full,
 * and the listener hears when it has drained. How long it has been full tells a stalled client.
 */
export class SseStream {
  /** When a write last found the response's buffer full; 0 while the client keeps up. */
  private blockedAt = 0;
  private lastWriteAt = 0;

  constructor(
    private readonly response: ServerResponse,
    listener: SseStreamListener,
    /** Headers of the protocol spoken over the stream, besides the SSE ones. */
    headers: Record<string, string> = {},
  ) {
    response.writeHead(200, { ...SSE_HEADERS, ...headers });
    keepHeadLean(response);
    this.send(`retry: ${RECONNECT_DELAY_MS}\n\n`);
    response.on('drain', () => {
      this.blockedAt = 0;
      listener.onDrain();
    });
    response.on('close', () => listener.onClosed());
  }

  get blocked(): boolean {
    return this.blockedAt !== 0;
  }

  /** How long the client has not taken data that waits for it, in ms; 0 when nothing waits. */
  blockedFor(now: number): number {
    return this.blockedAt === 0 ? 0 : now - this.blockedAt;
  }

  /** Writes a frame; false when the client is behind, and nothing more should be sent until it drains. */
  send(frame: string): boolean {
    this.lastWriteAt = Date.now();
    if (this.response.write(frame)) return true;
    this.blockedAt ||= this.lastWriteAt;
    return false;
  }

  /** A comment line when nothing was written for `intervalMs`; nothing while the client is behind anyway. */
  heartbeat(now: number, intervalMs: number): void {
    if (!this.blocked && now - this.lastWriteAt >= intervalMs) this.send(SSE_HEARTBEAT);
  }

  end(lastFrames = ''): void {
    this.response.end(lastFrames);
  }

  /** For a client that takes nothing: not even an end would reach it. */
  cutOff(): void {
    this.response.destroy();
  }
}
