import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { MessageIds } from '../src/security/message-ids';
import { ChatClient } from '../../../test/support/chat-client';
import { readSse } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
}

describe('bad input', () => {
  // No worker: every request that got through would stay on the requests queue, where the test looks.
  let stack: TestStack;
  let client: ChatClient;
  let broker: BrokerInspector;
  const chatId = randomUUID();

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    client = new ChatClient(stack.baseUrl);
    broker = await BrokerInspector.connect();
  });

  afterAll(async () => {
    await stack.close();
    await broker.close();
  });

  afterEach(async () => {
    expect(await broker.queue(stack.requestsQueue)).toEqual({ messageCount: 0, consumerCount: 0 });
  });

  /** A request exactly as given, for what fetch will not send (a chunked body, say). */
  function rawPost(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${stack.baseUrl}${path}`, { method: 'POST', headers }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  async function expectError(response: Response, statusCode: number, message: RegExp): Promise<void> {
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(statusCode);
    expect(body.statusCode).toBe(statusCode);
    expect(typeof body.error).toBe('string');
    expect([body.message].flat().join('; ')).toMatch(message);
  }

  it('answers 400 for a history that is null, not an array, of another role, or over MAX_HISTORY_LENGTH', async () => {
    const send = (history: unknown) =>
      fetch(`${stack.baseUrl}/start/${chatId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'hi', history }),
      });
    await expectError(await send(null), 400, /history must be an array of \{role, content\} turns, in a JSON body/);
    await expectError(await send('earlier'), 400, /history must be an array/);
    await expectError(
      await send([{ role: 'system', content: 'x' }]),
      400,
      /history\.0\.role must be one of the following values: user, assistant/,
    );
    await expectError(
      await send([{ role: 'user', content: 'x'.repeat(12_001) }]),
      400,
      /history must hold at most 12000 characters in all \(MAX_HISTORY_LENGTH\); send fewer turns/,
    );
  });

  it('answers 400 for a chat_id that is not a UUID', async () => {
    await expectError(await client.send('not-a-uuid', { text: 'hi' }), 400, /uuid/i);
  });

  it('answers 400 for a missing text', async () => {
    await expectError(await client.send(chatId, { chat_title: 'x' }), 400, /text/);
  });

  it.each(['', '   ', '\n\t'])('answers 400 for a blank text %j', async (text) => {
    await expectError(await client.send(chatId, { text }, 'json'), 400, /text must not be blank/);
  });

  it('answers 400 for a text of only zero-width characters or lone combining marks, saying what does not count', async () => {
    for (const text of ['\u200b\u200b\u200b', '\u0301'.repeat(4000)]) {
      const response = await client.send(chatId, { text }, 'json');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        message: ['text must not be blank (white space, zero-width characters and lone combining marks do not count)'],
        error: 'Bad Request',
      });
    }
  });

  it('answers 400 for a text that is not a string', async () => {
    const response = await fetch(`${stack.baseUrl}/start/${chatId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 42 }),
    });
    await expectError(response, 400, /text must be a string/);
  });

  it('answers 400 for a text over MAX_TEXT_LENGTH characters, counting characters rather than UTF-16 units', async () => {
    await expectError(await client.send(chatId, { text: 'a'.repeat(4001) }), 400, /at most 4000 characters/);
    const emoji = '😀'.repeat(4000);
    const accepted = await client.send(chatId, { text: emoji }, 'json');
    expect(accepted.status).toBe(200);
    const { message_id } = (await accepted.json()) as { message_id: string };
    // It was published: take it off the queue again so the afterEach check holds.
    await broker.withChannel((channel) => channel.purgeQueue(stack.requestsQueue));
    await broker.deleteQueue(`response_queue_${message_id}`);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await fetch(`${stack.baseUrl}/start/${chatId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"text":',
    });
    await expectError(response, 400, /JSON/);
  });

  it.each(['json', 'urlencoded', 'multipart'] as const)('answers 413 for an oversized %s body', async (encoding) => {
    await expectError(await client.send(chatId, { text: 'a'.repeat(200 * 1024) }, encoding), 413, /large/i);
  });

  it('takes an empty body sent as JSON for no body, as clients that always set the content type send it', async () => {
    const response = await fetch(`${stack.baseUrl}/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { chat_title: string }).chat_title).toBe('New Chat');
  });

  it('answers 415 for a body in a format other than JSON, url-encoded or multipart', async () => {
    const response = await fetch(`${stack.baseUrl}/start/${chatId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'text=hi',
    });
    await expectError(response, 415, /application\/json/);
  });

  it('answers 411 for a multipart body without a Content-Length, which it will not read', async () => {
    const response = await rawPost(
      `/start/${chatId}`,
      { 'Content-Type': 'multipart/form-data; boundary=b', 'Transfer-Encoding': 'chunked' },
      '0\r\n\r\n',
    );
    expect(response.status).toBe(411);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 411,
      error: 'Length Required',
      message: 'A multipart body needs a Content-Length header',
    });
  });

  it('answers 400 for a multipart body without a boundary', async () => {
    const response = await fetch(`${stack.baseUrl}/start/${chatId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data' },
      body: 'text=hi',
    });
    await expectError(response, 400, /Boundary not found/);
  });

  it('answers 400 for a file upload', async () => {
    const form = new FormData();
    form.append('text', 'hi');
    form.append('file', new Blob(['x']), 'x.txt');
    await expectError(await fetch(`${stack.baseUrl}/start/${chatId}`, { method: 'POST', body: form }), 400, /file/i);
  });

  it('answers 400 for stream ids that are not UUIDs', async () => {
    const result = await readSse(`${stack.baseUrl}/stream/${chatId}/nope`);
    expect(result.status).toBe(400);
  });

  it('answers 404 for an unknown message', async () => {
    const result = await readSse(`${stack.baseUrl}/stream/${chatId}/${randomUUID()}`);
    expect(result.status).toBe(404);
    expect(JSON.parse(result.body)).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers 400 for a Last-Event-ID that is not a word number', async () => {
    const result = await readSse(`${stack.baseUrl}/stream/${chatId}/${randomUUID()}`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(result.status).toBe(400);
  });
});

describe('an unreachable broker', () => {
  let stack: TestStack;
  let client: ChatClient;

  beforeAll(async () => {
    // Nothing listens on port 1: the gateway starts anyway and must say the broker is unavailable.
    stack = await startStack({ worker: false, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
    client = new ChatClient(stack.baseUrl);
  });

  afterAll(() => stack.close());

  it('answers 503 to a message, with the JSON error shape', async () => {
    const response = await client.send(randomUUID(), { text: 'hello' });
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(503);
    expect(body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/broker is unavailable/) });
  });

  it('answers 503 to a stream', async () => {
    const chatId = randomUUID();
    const messageId = stack.gateway.get(MessageIds).newFor(chatId);
    const result = await readSse(`${stack.baseUrl}/stream/${chatId}/${messageId}`);
    expect(result.status).toBe(503);
  });

  it('still starts chats, which need no broker', async () => {
    expect((await client.startChat()).chat_title).toBe('New Chat');
  });

  it('reports itself unhealthy, in the shape terminus gives', async () => {
    const response = await fetch(`${stack.baseUrl}/health`);
    expect(response.status).toBe(503);
    const streams = { status: 'up', openStreams: 0, replyConsumers: 0 };
    const broker = { status: 'down', message: 'The gateway has no broker connection; it reconnects by itself' };
    expect(await response.json()).toEqual({ status: 'error', info: { streams }, error: { broker }, details: { broker, streams } });
  });
});
