import { INestApplicationContext } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { REPLY_QUEUE_OPTIONS, replyQueueName, WordMessage } from '@app/contracts';
import { freePort } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { FakeUpstream, UpstreamRequest, useFakeUpstream } from '../../../test/support/fake-upstream';
import { readSse, readSseWhile, SseEvent } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { createWordProducerApp } from '../src/word-producer.app';

interface WordData {
  text: string;
  sep?: string;
  done?: true;
}

/** The word events' data, without the end. */
function words(events: SseEvent[]): WordData[] {
  return events
    .filter((event) => event.event === 'message')
    .map((event) => JSON.parse(event.data) as WordData)
    .filter((word) => !word.done);
}

/** The answer as a reader of `sep` rebuilds it: each word and the white space after it. */
function joinedText(events: SseEvent[]): string {
  return words(events)
    .map(({ text, sep }) => text + (sep ?? ''))
    .join('');
}

function requestFor(upstream: FakeUpstream, text: string): UpstreamRequest {
  const request = upstream.requests.find(({ body }) => body.messages.at(-1)?.content === text);
  if (!request) throw new Error(`The upstream got no request for ${JSON.stringify(text)}`);
  return request;
}

const workerError = (message: string): SseEvent => ({ event: 'error', data: JSON.stringify({ code: 'worker_error', message }) });

describe('GENERATOR=openai: answers streamed from a model server', () => {
  const fake = useFakeUpstream();
  const fixture = useStack(() => ({
    GENERATOR: 'openai',
    UPSTREAM_BASE_URL: fake.upstream.baseUrl,
    UPSTREAM_MODEL: 'test-model',
    UPSTREAM_API_KEY: 'sk-test',
    UPSTREAM_TIMEOUT_MS: 1000,
  }));

  /** Sends `text` in a new chat, the upstream answering it with `reply`; gives its stream's URL. */
  async function send(text: string, reply: FakeUpstream['reply']): Promise<string> {
    fake.upstream.reply = reply;
    const { chat_id } = await fixture.client.startChat();
    // As JSON: a multipart form would send the text's line breaks as CRLF.
    return fixture.client.streamUrl(await fixture.client.sendOk(chat_id, { text }, 'json'));
  }

  it("relays the model's text exactly, line breaks, spacing and Unicode included, however its deltas cut it", async () => {
    const text = 'Write me a list';
    const deltas = [
      '  He',
      're is a li',
      'st:\n',
      '\n- fir',
      'st ',
      ' item\n- 第二',
      'の項目 👩‍💻\n',
      '\n```js\nconst x',
      ' = 1;\n```',
      '\nnaïve café\tend.',
    ];
    const url = await send(text, () => ({ deltas }));

    const { events } = await readSse(url);

    expect(joinedText(events)).toBe('  Here is a list:\n\n- first  item\n- 第二の項目 👩‍💻\n\n```js\nconst x = 1;\n```\nnaïve café\tend.');
    expect(words(events).slice(0, 5)).toEqual([
      expect.objectContaining({ text: '', sep: '  ' }),
      expect.objectContaining({ text: 'Here', sep: ' ' }),
      expect.objectContaining({ text: 'is', sep: ' ' }),
      expect.objectContaining({ text: 'a', sep: ' ' }),
      expect.objectContaining({ text: 'list:', sep: '\n\n' }),
    ]);
    expect(words(events).at(-1)).toEqual(expect.objectContaining({ text: 'end.', sep: '' }));
    expect(events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  });

  it("asks the configured model, with the user's text as the one user message, streaming, with the key", async () => {
    const text = 'What is\nRabbitMQ? ✨';
    await readSse(await send(text, () => ({ deltas: ['A broker.'] })));

    const { body, authorization } = requestFor(fake.upstream, text);
    expect(body).toEqual({
      model: 'test-model',
      messages: [{ role: 'user', content: 'What is\nRabbitMQ? ✨' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(authorization).toBe('Bearer sk-test');
  });

  it('closes the upstream request within a chunk when the stream is deleted mid-answer', async () => {
    const text = 'Tell me a long story';
    const deltas = Array.from({ length: 100 }, (_, index) => `word${index} `);
    const url = await send(text, () => ({ deltas, intervalMs: 250 }));

    const { actionResult } = await readSseWhile(url, 3, async () => {
      expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
      const request = requestFor(fake.upstream, text);
      const sentByThen = request.chunksSent;
      await request.aborted;
      return { sentByThen, sentInAll: request.abortedAfterChunks! };
    });

    // The next word the worker publishes comes back (the reply queue is gone), and that aborts the upstream.
    expect(actionResult.sentInAll).toBeLessThanOrEqual(actionResult.sentByThen + 1);
  });

  it("ends the stream with the upstream's error when it fails before streaming", async () => {
    const url = await send('Fail at once', () => ({ status: 500, error: 'the model is out of memory' }));

    expect((await readSse(url)).events).toEqual([
      { event: 'error', data: '{"code":"worker_error","message":"The model server answered 500: the model is out of memory"}' },
    ]);
  });

  it('ends the stream with the error after the words already sent when an error chunk comes mid-stream', async () => {
    const url = await send('Fail midway', () => ({ deltas: ['Partial ', 'answer '], then: { error: 'the GPU fell over' } }));

    const { events } = await readSse(url);

    expect(words(events).map(({ text }) => text)).toEqual(['Partial', 'answer']);
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: '{"code":"worker_error","message":"The model server failed mid-answer: the GPU fell over"}',
    });
  });

  it('ends the stream with a timeout, and closes the upstream request, when the model stalls mid-stream', async () => {
    const text = 'Stall midway';
    const url = await send(text, () => ({ deltas: ['Slow ', 'start '], then: 'hang' }));

    const { events } = await readSse(url);

    expect(words(events).map(({ text }) => text)).toEqual(['Slow', 'start']);
    expect(events.at(-1)).toEqual(workerError('The model server sent nothing for 1000 ms (UPSTREAM_TIMEOUT_MS)'));
    await requestFor(fake.upstream, text).aborted;
  });

  it('ends the stream with a timeout, and closes the upstream request, when the model never answers', async () => {
    const text = 'Never answer';
    const url = await send(text, () => ({ hangs: true }));

    expect((await readSse(url)).events).toEqual([workerError('The model server sent nothing for 1000 ms (UPSTREAM_TIMEOUT_MS)')]);
    await requestFor(fake.upstream, text).aborted;
  });
});

describe('GENERATOR=openai with no model server listening', () => {
  const port = { value: 0 };
  beforeAll(async () => {
    port.value = await freePort();
  });
  const fixture = useStack(() => ({ GENERATOR: 'openai', UPSTREAM_BASE_URL: `http://127.0.0.1:${port.value}/v1`, UPSTREAM_MODEL: 'm' }));

  it('ends the stream saying the model server could not be reached', async () => {
    const { chat_id } = await fixture.client.startChat();
    const accepted = await fixture.client.sendOk(chat_id, { text: 'Anyone?' });

    expect((await readSse(fixture.client.streamUrl(accepted))).events).toEqual([
      { event: 'error', data: '{"code":"worker_error","message":"Could not reach the model server (ECONNREFUSED)"}' },
    ]);
  });
});

describe('a GENERATOR=openai worker given an upstream failure', () => {
  const fake = useFakeUpstream();
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  let broker: BrokerInspector;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    const env = { AMQP_URL: brokerUrl(), REQUESTS_QUEUE: requestsQueue, GENERATOR: 'openai', UPSTREAM_MODEL: 'm' };
    worker = await createWordProducerApp({ ...env, UPSTREAM_BASE_URL: fake.upstream.baseUrl }, ['error']);
    await broker.waitForConsumers(requestsQueue, 1);
  });

  afterAll(async () => {
    await worker?.close();
    await broker.deleteQueue(requestsQueue);
    await broker.close();
  });

  it('publishes an end that carries the error, and acks the request rather than requeueing it', async () => {
    fake.upstream.reply = () => ({ status: 503, error: 'loading the model' });
    const request = { chat_id: randomUUID(), chat_title: 'A title', message_id: randomUUID(), text: 'hello' };
    const queue = replyQueueName(request.message_id);

    const received = await broker.withChannel(async (channel) => {
      await channel.assertQueue(queue, REPLY_QUEUE_OPTIONS);
      const end = new Promise<WordMessage>((resolve) => {
        void channel.consume(queue, (message: ConsumeMessage | null) => {
          if (message) resolve(JSON.parse(message.content.toString()) as WordMessage);
        });
      });
      channel.sendToQueue(requestsQueue, Buffer.from(JSON.stringify(request)), { persistent: true, contentType: 'application/json' });
      const message = await end;
      await channel.deleteQueue(queue);
      return message;
    });

    const { chat_id, chat_title, message_id } = request;
    expect(received).toEqual({
      chat_id,
      chat_title,
      message_id,
      text: '^*END*^',
      seq: 1,
      error: 'The model server answered 503: loading the model',
      done: true,
    });
    // Stopped, the worker gives back whatever it holds unacked: nothing is left on the queue.
    await worker!.close();
    worker = undefined;
    expect(await broker.queue(requestsQueue)).toEqual({ messageCount: 0, consumerCount: 0 });
    expect(fake.upstream.requests).toHaveLength(1);
  });
});
