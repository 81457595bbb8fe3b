import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, createServer, Server, Socket } from 'node:net';
import { CLIENT_HEADER, END_MARKER, replyQueueName } from '@app/contracts';
import { brokerUrl } from '../../../test/support/broker-url';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { startStack, TestStack, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

interface ErrorBody {
  statusCode: number;
  message: string;
  error: string;
}

/** One hostile case per finding of the probe (see docs/security.md). */
describe('hostile input', () => {
  describe('health probes', () => {
    it('never bring the gateway down, with a healthy broker or one slow to accept connections', async () => {
      const slow = await DelayingProxy.start(new URL(brokerUrl()), 5000);
      const onSlowBroker = await startStack({ worker: false, METRICS_PORT: 0, AMQP_URL: brokerUrl().replace(/:\d+$/, `:${slow.port}`) });
      const healthy = await startStack({ worker: false, METRICS_PORT: 0 });
      try {
        for (const stack of [healthy, onSlowBroker]) {
          for (let round = 0; round < 3; round++) {
            const answers = await Promise.all(
              Array.from({ length: 100 }, (_, i) =>
                fetch(i % 2 ? `${stack.internalUrl!}/health/ready` : `${stack.baseUrl}/health`).then((r) => r.status),
              ),
            );
            expect(answers.every((status) => status === 200 || status === 503)).toBe(true);
          }
        }
        // Outlive the slow probes: a probe that failed late must not end the process either.
        await new Promise((resolve) => setTimeout(resolve, 6000));
        expect((await fetch(`${healthy.baseUrl}/health`)).status).toBe(200);
      } finally {
        await onSlowBroker.close();
        await healthy.close();
        await slow.close();
      }
    }, 60_000);
  });

  describe('per-client limits', () => {
    const env = useStack({
      WORD_DELAY_MS: 100,
      PREFETCH: 4,
      MESSAGE_RATE_PER_SECOND: 5,
      MESSAGE_BURST: 20,
      MAX_STREAMS_PER_CLIENT: 3,
      UNREAD_TIMEOUT_MS: 500,
      TRUST_PROXY: 'loopback',
    });
    const as = (address: string) => new ChatClient(env.stack.baseUrl, { 'X-Forwarded-For': address });

    it('answers 429 with Retry-After past the burst, per client, and never to a stream reconnect', async () => {
      const flooder = as('203.0.113.1');
      const { chat_id } = await flooder.startChat();
      const answers = await Promise.all(Array.from({ length: 25 }, () => flooder.send(chat_id, { text: 'flood' })));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      const refused = answers.find((answer) => answer.status === 429)!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()) as ErrorBody).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Another client is not held back by this one.
      expect((await as('203.0.113.2').send(chat_id, { text: 'me too' })).status).toBe(200);
      // Streams are never throttled: a non-200 answer would end a browser's EventSource for good.
      const accepted = (await answers.find((answer) => answer.status === 200)!.json()) as { message_id: string };
      const stream = new SseConnection(flooder.streamUrl({ chat_id, message_id: accepted.message_id }), { headers: flooder.headers });
      await waitFor('the stream to open', () => stream.status === 200);
      stream.close();
    });

    it('answers 429 to a client that streams MAX_STREAMS_PER_CLIENT answers already, but lets it take its own over', async () => {
      const reader = as('203.0.113.3');
      const { chat_id } = await reader.startChat();
      const accepted = await Promise.all(Array.from({ length: 4 }, () => reader.sendOk(chat_id, { text: 'w '.repeat(50) })));
      const open = accepted.slice(0, 3).map((message) => new SseConnection(reader.streamUrl(message), { headers: reader.headers }));
      await waitFor('three streams', () => open.every((stream) => stream.status === 200));
      const fourth = await readSse(reader.streamUrl(accepted[3]), { headers: reader.headers });
      expect(fourth.status).toBe(429);
      expect(JSON.parse(fourth.body)).toMatchObject({ statusCode: 429, message: 'This client streams 3 answers already; close one first' });
      const takeover = new SseConnection(reader.streamUrl(accepted[0]), { headers: { ...reader.headers, 'Last-Event-ID': '1' } });
      await waitFor('the takeover to open', () => takeover.status === 200);
      for (const stream of [...open, takeover]) stream.close();
    });

    it('deletes an answer nobody starts streaming within UNREAD_TIMEOUT_MS', async () => {
      const client = as('203.0.113.4');
      const { chat_id } = await client.startChat();
      const accepted = await client.sendOk(chat_id, { text: 'never read' });
      await waitFor('the unread answer to go', async () => (await env.broker.queue(replyQueueName(accepted.message_id))) === null, 5000);
      expect((await readSse(client.streamUrl(accepted), { headers: client.headers })).status).toBe(404);
    });

    it('gives other clients a worker slot while one floods it with long answers', async () => {
      // PREFETCH 4: a client gets one slot at a time (ANSWERS_PER_CLIENT defaults to a fifth of it).
      const attacker = as('203.0.113.5');
      const { chat_id } = await attacker.startChat();
      const long = await Promise.all(Array.from({ length: 8 }, () => attacker.sendOk(chat_id, { text: 'w '.repeat(200) })));
      const reading = long.map((message) => new SseConnection(attacker.streamUrl(message), { headers: attacker.headers }));
      const victim = as('203.0.113.6');
      const started = performance.now();
      const answer = await readSse(victim.streamUrl(await victim.sendOk(chat_id, { text: 'my turn' })), { headers: victim.headers });
      console.log(
        `victim's whole answer after ${Math.round(performance.now() - started)} ms, with 8 long answers of another client queued`,
      );
      expect(wordTexts(answer.events)).toEqual(answerWords('my turn'));
      // The attacker's answers are far from done: 200 words at 100 ms take 20 s each.
      expect(reading.every((stream) => !stream.events.some((event) => event.event === 'end'))).toBe(true);
      for (const stream of reading) stream.close();
      await Promise.all(long.map((message) => fetch(attacker.streamUrl(message), { method: 'DELETE', headers: attacker.headers })));
    }, 30_000);
  });

  describe('cross-site requests', () => {
    const env = useStack({ worker: false, ALLOWED_ORIGINS: 'https://chat.example.com' });
    const post = (path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${env.stack.baseUrl}${path}`, { method: 'POST', headers, body });

    it.each([
      ['a cross-site fetch', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' }],
      [
        'a cross-site form',
        { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      ],
      ['an old browser without Sec-Fetch-Site', { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['a sandboxed page', { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' }],
    ])('refuses %s with 403, and queues nothing', async (_, headers) => {
      const { chat_id } = await env.client.startChat();
      const refused = await post(`/start/${chat_id}`, headers, 'text=hi');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ErrorBody).error).toBe('Forbidden');
      expect((await post('/start', headers)).status).toBe(403);
      expect((await env.broker.queue(env.stack.requestsQueue))?.messageCount).toBe(0);
    });

    it('takes messages from the page itself, from ALLOWED_ORIGINS and from clients that are not browsers', async () => {
      const { chat_id } = await env.client.startChat();
      const own = new URL(env.stack.baseUrl).origin;
      const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const accepted = [
        await post(`/start/${chat_id}`, { ...form, Origin: own, 'Sec-Fetch-Site': 'same-origin' }, 'text=a'),
        await post(`/start/${chat_id}`, { ...form, Origin: 'https://chat.example.com', 'Sec-Fetch-Site': 'cross-site' }, 'text=b'),
        await post(`/start/${chat_id}`, form, 'text=c'),
      ];
      expect(accepted.map((response) => response.status)).toEqual([200, 200, 200]);
      for (const response of accepted)
        await env.broker.deleteQueue(replyQueueName(((await response.json()) as { message_id: string }).message_id));
      await env.broker.withChannel((channel) => channel.purgeQueue(env.stack.requestsQueue));
    });

    it('refuses a cross-site DELETE, which would stop or release an answer', async () => {
      const { chat_id } = await env.client.startChat();
      const accepted = await env.client.sendOk(chat_id, { text: 'keep me' });
      const refused = await fetch(env.client.streamUrl(accepted), { method: 'DELETE', headers: { Origin: 'https://evil.example' } });
      expect(refused.status).toBe(403);
      expect(await env.broker.queue(replyQueueName(accepted.message_id))).not.toBeNull();
      await fetch(env.client.streamUrl(accepted), { method: 'DELETE' });
      await env.broker.withChannel((channel) => channel.purgeQueue(env.stack.requestsQueue));
    });
  });

  describe('requests that would cost the gateway', () => {
    const env = useStack({ worker: false, REQUEST_TIMEOUT_MS: 1000 });

    it('refuses a 100 MiB multipart body at once, by its Content-Length', async () => {
      const { chat_id } = await env.client.startChat();
      const answer = await rawRequest(env.stack, `/start/${chat_id}`, {
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(100 * 1024 * 1024) },
        body: '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n',
      });
      expect(answer.status).toBe(413);
    });

    it('gives up on a body that never finishes, after REQUEST_TIMEOUT_MS', async () => {
      const { chat_id } = await env.client.startChat();
      const started = performance.now();
      const answer = await rawRequest(env.stack, `/start/${chat_id}`, {
        headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' },
        body: '{"text":"never',
        keepOpen: true,
      });
      expect(answer.status).toBe(408);
      expect(performance.now() - started).toBeLessThan(10_000);
    });

    it('answers 400, not 500, to JSON nested 3000 levels deep', async () => {
      const { chat_id } = await env.client.startChat();
      const deep = `{"text":${'['.repeat(3000)}${']'.repeat(3000)}}`;
      const answer = await fetch(`${env.stack.baseUrl}/start/${chat_id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: deep,
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as ErrorBody).message).toBe('The JSON body nests deeper than 32 levels');
    });

    it.each([
      ['a null title', { text: 'hi', chat_title: null }, /chat_title must be a string/],
      ['a null text', { text: null }, /text must be a string/],
      ['a number as title', { text: 'hi', chat_title: 7 }, /chat_title must be a string/],
      ['an array as text', { text: ['hi'] }, /text must be a string/],
    ])('answers 400 to %s', async (_, body, message) => {
      const { chat_id } = await env.client.startChat();
      const answer = await fetch(`${env.stack.baseUrl}/start/${chat_id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(400);
      expect([((await answer.json()) as ErrorBody).message].flat().join('; ')).toMatch(message);
    });

    it('answers 400 to a UUID that is not version 4, in a message and in a stream', async () => {
      const notV4 = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';
      expect((await env.client.send(notV4, { text: 'hi' })).status).toBe(400);
      expect((await readSse(`${env.stack.baseUrl}/stream/${notV4}/${randomUUID()}`)).status).toBe(400);
    });
  });

  describe('requests that would destroy an answer', () => {
    const env = useStack({ WORD_DELAY_MS: 20 });

    it('keeps every word for the real reader after a Last-Event-ID beyond the answer', async () => {
      const { chat_id } = await env.client.startChat();
      const text = 'w '.repeat(40).trim();
      const accepted = await env.client.sendOk(chat_id, { text });
      const bogus = await readSse(env.client.streamUrl(accepted), { headers: { 'Last-Event-ID': '999999999999999' } });
      expect(wordTexts(bogus.events)).toEqual([]);
      const real = await readSse(env.client.streamUrl(accepted), { headers: { 'Last-Event-ID': '0' } });
      expect(wordTexts(real.events)).toEqual(answerWords(text));
      expect(real.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    });

    it('answers 404 to a stream, HEAD or DELETE that names another chat, and leaves the answer alone', async () => {
      const { chat_id } = await env.client.startChat();
      const accepted = await env.client.sendOk(chat_id, { text: 'mine' });
      const elsewhere = { ...accepted, chat_id: randomUUID() };
      expect((await readSse(env.client.streamUrl(elsewhere))).status).toBe(404);
      expect((await fetch(env.client.streamUrl(elsewhere), { method: 'HEAD' })).status).toBe(404);
      expect((await fetch(env.client.streamUrl(elsewhere), { method: 'DELETE' })).status).toBe(404);
      expect(wordTexts((await readSse(env.client.streamUrl(accepted))).events)).toEqual(answerWords('mine'));
    });
  });

  describe("what the broker's messages carry", () => {
    const env = useStack({ worker: false, STREAM_IDLE_TIMEOUT_MS: 10_000 });

    /** A message accepted by the gateway, and a stream of it, with no worker: the test plays the worker. */
    async function streamPlayed(words: object[]): Promise<ReturnType<typeof readSse>> {
      const { chat_id } = await env.client.startChat();
      const accepted = await env.client.sendOk(chat_id, { text: 'played' });
      const reading = readSse(env.client.streamUrl(accepted));
      await waitFor('the relay to consume', async () => (await env.broker.queue(replyQueueName(accepted.message_id)))?.consumerCount === 1);
      await env.broker.withChannel((channel) => {
        for (const word of words)
          channel.sendToQueue(replyQueueName(accepted.message_id), Buffer.from(JSON.stringify({ ...accepted, ...word })));
        return Promise.resolve();
      });
      const result = await reading;
      await env.broker.withChannel((channel) => channel.purgeQueue(env.stack.requestsQueue));
      return result;
    }

    it('cannot add events with a bare CR in an error', async () => {
      const result = await streamPlayed([{ text: END_MARKER, seq: 1, done: true, error: 'oops\revent: end\rdata: injected' }]);
      expect(result.events).toEqual([{ event: 'error', data: '{"code":"worker_error","message":"oops\\revent: end\\rdata: injected"}' }]);
    });

    it('escapes U+2028 and U+2029 in the event data', async () => {
      const result = await streamPlayed([
        { text: 'a\u2028b\u2029c', seq: 1 },
        { text: END_MARKER, seq: 2, done: true },
      ]);
      expect(result.events[0].data).toContain('"text":"a\\u2028b\\u2029c"');
      expect(JSON.parse(result.events[0].data)).toMatchObject({ text: 'a\u2028b\u2029c' });
    });

    it('ends the stream, rather than hold words without end, when a seq is beyond MAX_ANSWER_WORDS', async () => {
      const result = await streamPlayed([{ text: 'far', seq: 1_000_000 }]);
      expect(result.events.at(-1)).toEqual({
        event: 'error',
        data: '{"code":"too_long","message":"The answer is longer than 20000 words; the rest was dropped"}',
      });
    });
  });

  describe('a worker given what no gateway sends', () => {
    const env = useStack({ WORD_DELAY_MS: 0 });

    it('rejects a 10 MB request without reading it into words, and keeps serving', async () => {
      const messageId = randomUUID();
      await env.broker.withChannel(async (channel) => {
        const huge = { chat_id: randomUUID(), chat_title: 't', message_id: messageId, text: 'w '.repeat(5_000_000) };
        channel.sendToQueue(env.stack.requestsQueue, Buffer.from(JSON.stringify(huge)), { headers: { [CLIENT_HEADER]: 'x' } });
        await channel.checkQueue(env.stack.requestsQueue);
      });
      await waitFor('the request to be dropped', async () => (await env.broker.queue(env.stack.requestsQueue))?.messageCount === 0);
      const { chat_id } = await env.client.startChat();
      const accepted = await env.client.sendOk(chat_id, { text: 'still answering' });
      expect(wordTexts((await readSse(env.client.streamUrl(accepted))).events)).toEqual(answerWords('still answering'));
    });
  });

  describe('every response', () => {
    const env = useStack({ WORD_DELAY_MS: 0 });

    it('carries the security headers: the page, the API docs, errors and event streams alike', async () => {
      const { chat_id } = await env.client.startChat();
      const accepted = await env.client.sendOk(chat_id, { text: 'headers' });
      const streamed = await readSse(env.client.streamUrl(accepted));
      const responses = [
        ...(await Promise.all(['/static/', '/api', '/nope'].map((path) => fetch(`${env.stack.baseUrl}${path}`)))).map((r) => r.headers),
        new Headers(streamed.headers as Record<string, string>),
      ];
      for (const headers of responses) {
        expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('referrer-policy')).toBe('same-origin');
      }
    });
  });
});

/** Sends a request exactly as given; `keepOpen` leaves the body unfinished. Resolves with the status. */
function rawRequest(
  stack: TestStack,
  path: string,
  { headers, body, keepOpen = false }: { headers: Record<string, string>; body: string; keepOpen?: boolean },
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${stack.baseUrl}${path}`, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
      request.destroy();
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    request.write(body);
    if (!keepOpen) request.end();
  });
}

/** A TCP proxy to the broker that holds each new connection for `delayMs` before it connects it through. */
class DelayingProxy {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(target: URL, delayMs: number): Promise<DelayingProxy> {
    const proxy: DelayingProxy = new DelayingProxy(
      createServer((client) => {
        proxy.sockets.add(client);
        client.pause();
        const timer = setTimeout(() => {
          const upstream = connect(Number(target.port || 5672), target.hostname);
          proxy.sockets.add(upstream);
          client.pipe(upstream).pipe(client);
          client.resume();
          upstream.on('error', () => client.destroy());
        }, delayMs);
        client.on('close', () => clearTimeout(timer));
        client.on('error', () => undefined);
      }),
    );
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
