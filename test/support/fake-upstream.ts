import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the fake server does with one request. */
export type UpstreamReply =
  /** Streams each delta as a chunk, `intervalMs` apart, then ends (`done`, the default), hangs, or sends an `{"error": …}` chunk. */
  | { deltas: string[]; intervalMs?: number; then?: 'done' | 'hang' | { error: string } }
  /** Fails before the stream: this status with an OpenAI error body. */
  | { status: number; error: string }
  /** Never answers, not even its headers. */
  | { hangs: true };

/** A Chat Completions request as the fake server got it. */
export interface UpstreamRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_tokens?: number;
    max_completion_tokens?: number;
    temperature?: number;
    stop?: string[];
  };
  authorization?: string;
  /** Chunks written so far (the role chunk, each delta, the error or the last chunk). */
  chunksSent: number;
  /** Set when the client closed the connection before the response was over. */
  abortedAfterChunks?: number;
  /** Resolves once the client has closed the connection before the response was over. */
  aborted: Promise<void>;
}

const DEFAULT_INTERVAL_MS = 20;

/**
 * An OpenAI-compatible model server on 127.0.0.1 that answers POST /v1/chat/completions as `reply`
 * says: Chat Completions chunks (`data: {...}` … `data: [DONE]`), slowly, or an error, or nothing.
 * It records each request and when its client hung up. Stands in for Ollama, vLLM or llama-server.
 * As they do, it stops at `max_tokens` deltas with finish_reason `length`, and ends with a usage chunk
 * when asked (`stream_options.include_usage`): a prompt token per message, a completion token per delta.
 */
export class FakeUpstream {
  readonly requests: UpstreamRequest[] = [];
  /** The next request's reply; the request's number (from 0) lets it answer differently each time. */
  reply: (request: UpstreamRequest, index: number) => UpstreamReply = () => ({ deltas: ['Hello', ' there.'] });
  private readonly server: Server = createServer(
    (request, response) => void this.handle(request, response).catch(() => response.destroy()),
  );
  /** Up to /v1, as UPSTREAM_BASE_URL takes it. */
  baseUrl = '';

  private constructor() {}

  static async start(): Promise<FakeUpstream> {
    const upstream = new FakeUpstream();
    upstream.server.listen(0, '127.0.0.1');
    await once(upstream.server, 'listening');
    const { port } = upstream.server.address() as AddressInfo;
    upstream.baseUrl = `http://127.0.0.1:${port}/v1`;
    return upstream;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return void response.writeHead(404).end();
    let body = '';
    for await (const chunk of request) body += String(chunk);
    let markAborted!: () => void;
    const recorded: UpstreamRequest = {
      body: JSON.parse(body) as UpstreamRequest['body'],
      authorization: request.headers.authorization,
      chunksSent: 0,
      aborted: new Promise((resolve) => (markAborted = resolve)),
    };
    response.on('close', () => {
      if (response.writableFinished) return;
      recorded.abortedAfterChunks = recorded.chunksSent;
      markAborted();
    });
    const reply = this.reply(recorded, this.requests.length);
    this.requests.push(recorded);
    if ('hangs' in reply) return;
    if ('status' in reply) {
      const error = { message: reply.error, type: 'server_error', param: null, code: null };
      return void response.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error }));
    }
    await this.stream(reply, recorded, response);
  }

  private async stream(
    { deltas, intervalMs = DEFAULT_INTERVAL_MS, then = 'done' }: Extract<UpstreamReply, { deltas: string[] }>,
    recorded: UpstreamRequest,
    response: ServerResponse,
  ): Promise<void> {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const completion = {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion.chunk',
      created: 1765000000,
      model: recorded.body.model,
    };
    const open = () => recorded.abortedAfterChunks === undefined;
    const send = (data: object): void => {
      if (!open()) return;
      response.write(`data: ${JSON.stringify(data)}\n\n`);
      recorded.chunksSent += 1;
    };
    const choice = (delta: object, finishReason: string | null = null) => ({
      ...completion,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    send(choice({ role: 'assistant', content: '' }));
    const limit = recorded.body.max_tokens;
    const sent = limit === undefined ? deltas : deltas.slice(0, limit);
    for (const content of sent) {
      await sleep(intervalMs);
      if (!open()) return;
      send(choice({ content }));
    }
    await sleep(intervalMs);
    if (then === 'hang') return;
    if (typeof then === 'object') send({ error: { message: then.error, type: 'server_error', param: null, code: null } });
    else send(choice({}, sent.length < deltas.length ? 'length' : 'stop'));
    if (typeof then !== 'object' && recorded.body.stream_options?.include_usage) {
      const prompt = recorded.body.messages.length;
      send({
        ...completion,
        choices: [],
        usage: { prompt_tokens: prompt, completion_tokens: sent.length, total_tokens: prompt + sent.length },
      });
    }
    if (open()) response.end('data: [DONE]\n\n');
  }
}

/** For a describe block: a fake upstream started before its tests and closed after. */
export function useFakeUpstream(): { upstream: FakeUpstream } {
  const fixture = {} as { upstream: FakeUpstream };
  beforeAll(async () => {
    fixture.upstream = await FakeUpstream.start();
  });
  afterAll(() => fixture.upstream?.close());
  return fixture;
}
