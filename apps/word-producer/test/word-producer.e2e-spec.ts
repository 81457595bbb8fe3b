import { INestApplicationContext } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ChatRequestMessage, END_MARKER, REQUESTS_QUEUE_OPTIONS, REPLY_QUEUE_OPTIONS, replyQueueName, WordMessage } from '@app/contracts';
import { freePort } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { answerText, answerTokens, answerWords } from '../../../test/support/expected-answer';
import { waitFor } from '../../../test/support/wait-for';
import { createWordProducerApp } from '../src/word-producer.app';

function request(text: string): ChatRequestMessage {
  return { chat_id: randomUUID(), chat_title: 'A title', message_id: randomUUID(), text };
}

/** A worker on a requests queue of its own, driven through the broker the way any gateway (this one or the original) drives it. */
class WorkerUnderTest {
  readonly requestsQueue = `requests_queue.test.${randomUUID()}`;
  private worker: INestApplicationContext;

  constructor(readonly broker: BrokerInspector) {}

  async start(env: { WORD_DELAY_MS: string; PREFETCH: string; HEALTH_PORT?: string }): Promise<void> {
    this.worker = await createWordProducerApp({ AMQP_URL: brokerUrl(), REQUESTS_QUEUE: this.requestsQueue, ...env }, ['error']);
    await this.broker.waitForConsumers(this.requestsQueue, 1);
  }

  async stop(): Promise<void> {
    await this.worker.close();
    await this.broker.deleteQueue(this.requestsQueue);
  }

  /** Stops only the worker: whatever it held unacked goes back to the queue, where it can be counted. */
  async stopWorker(): Promise<void> {
    await this.worker.close();
  }

  async publishRequest(content: Buffer | object): Promise<void> {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
    await this.broker.withChannel((channel) => {
      channel.sendToQueue(this.requestsQueue, body, { persistent: true, contentType: 'application/json' });
      return Promise.resolve();
    });
  }

  /** Declares the reply queue as a gateway would, sends the request and collects every message up to the end one. */
  async answerTo(
    req: ChatRequestMessage,
    onWord: (word: WordMessage, received: WordMessage[]) => void = () => undefined,
  ): Promise<WordMessage[]> {
    const queue = replyQueueName(req.message_id);
    return this.broker.withChannel(async (channel) => {
      await channel.assertQueue(queue, REPLY_QUEUE_OPTIONS);
      const received: WordMessage[] = [];
      const done = new Promise<void>((resolve) => {
        void channel.consume(queue, (message: ConsumeMessage | null) => {
          if (!message) return resolve();
          const word = JSON.parse(message.content.toString()) as WordMessage;
          received.push(word);
          channel.ack(message);
          onWord(word, received);
          if (word.done) resolve();
        });
      });
      await this.publishRequest(req);
      await done;
      await channel.deleteQueue(queue);
      return received;
    });
  }
}

describe('word-producer', () => {
  let broker: BrokerInspector;
  let worker: WorkerUnderTest;
  let requestsQueue: string;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    worker = new WorkerUnderTest(broker);
    requestsQueue = worker.requestsQueue;
    await worker.start({ WORD_DELAY_MS: '0', PREFETCH: '10' });
  });

  afterAll(async () => {
    await worker.stop();
    await broker.close();
  });

  const answerTo = (req: ChatRequestMessage) => worker.answerTo(req);

  it('answers word by word with seq numbers and separators, then an end message flagged done', async () => {
    const req = request('a literal ^*END*^ is just a word\n\nand  a second\tline');
    const received = await answerTo(req);
    const tokens = answerTokens(req.text);
    const header = { chat_id: req.chat_id, chat_title: req.chat_title, message_id: req.message_id };
    expect(received).toEqual([
      ...tokens.map(({ text, sep }, index) => ({ ...header, text, sep, seq: index + 1 })),
      // The echo counts words as tokens: the message's 11, the answer's.
      {
        ...header,
        text: END_MARKER,
        seq: tokens.length + 1,
        done: true,
        usage: { prompt_tokens: 11, completion_tokens: tokens.length, total_tokens: 11 + tokens.length },
      },
    ]);
    // The message's own line breaks and spacing come back as they were sent.
    const words = received.slice(0, -1) as { text: string; sep: string }[];
    expect(words.map(({ text, sep }) => text + sep).join('')).toBe(answerText(req.text));
    expect(words.slice(-5).map(({ sep }) => sep)).toEqual(['\n\n', '  ', ' ', '\t', '']);
  });

  it('declares the requests queue exactly as the original does', async () => {
    // A redeclare with different arguments would fail with 406 and close the channel.
    await expect(broker.withChannel((channel) => channel.assertQueue(requestsQueue, REQUESTS_QUEUE_OPTIONS))).resolves.toMatchObject({
      queue: requestsQueue,
    });
    await expect(
      broker.withChannel((channel) => channel.assertQueue(requestsQueue, { durable: true, arguments: { 'x-message-ttl': 1 } })),
    ).rejects.toThrow(/PRECONDITION_FAILED/);
  });
});

describe('word-producer behind the original gateway', () => {
  let broker: BrokerInspector;
  let worker: WorkerUnderTest;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    worker = new WorkerUnderTest(broker);
    await worker.start({ WORD_DELAY_MS: '0', PREFETCH: '10' });
  });

  afterAll(async () => {
    await worker.stop();
    await broker.close();
  });

  /** An id as uuid.uuid1() makes it, as far as any validator can tell: version 1, RFC variant. */
  const uuid1 = () => randomUUID().replace(/^(\w{8}-\w{4}-)4/, '$11');

  it('answers a request of the original protocol, with v1 ids and no headers, in a reply queue declared as the original declares it', async () => {
    const chatId = uuid1();
    const messageId = uuid1();
    const replyQueue = replyQueueName(messageId);
    // The bytes of Python's json.dumps(message), published as pika's basic_publish does: no properties.
    const body = `{"chat_id": "${chatId}", "chat_title": "Tell me about RabbitMQ", "message_id": "${messageId}", "text": "Tell me about RabbitMQ"}`;
    const received = await broker.withChannel(async (channel) => {
      await channel.assertQueue(replyQueue, { durable: true, autoDelete: true, arguments: { 'x-expires': 600000 } });
      await channel.assertQueue(worker.requestsQueue, { durable: true, arguments: { 'x-message-ttl': 300000 } });
      channel.publish('', worker.requestsQueue, Buffer.from(body));
      // The original gateway polls with basic_get and acks each message.
      const words: WordMessage[] = [];
      await waitFor('the end of the answer', async () => {
        const message = await channel.get(replyQueue);
        if (message === false) return false;
        channel.ack(message);
        words.push(JSON.parse(message.content.toString()) as WordMessage);
        return words.at(-1)!.text === '^*END*^';
      });
      await channel.deleteQueue(replyQueue);
      return words;
    });
    expect(received.map((word) => word.text)).toEqual([
      'This',
      'is',
      'generated',
      'on',
      'the',
      'server',
      'side.',
      'Here',
      'is',
      'your',
      'original',
      'message:',
      'Tell',
      'me',
      'about',
      'RabbitMQ',
      '^*END*^',
    ]);
    expect(new Set(received.map((word) => `${word.chat_id} ${word.message_id}`))).toEqual(new Set([`${chatId} ${messageId}`]));
  });
});

describe('word-producer with HEALTH_PORT set', () => {
  let broker: BrokerInspector;
  let worker: WorkerUnderTest;
  let port: number;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    worker = new WorkerUnderTest(broker);
    port = await freePort();
    await worker.start({ WORD_DELAY_MS: '0', PREFETCH: '10', HEALTH_PORT: String(port) });
  });

  afterAll(async () => {
    await worker.stop();
    await broker.close();
  });

  it('answers liveness and readiness on that port', async () => {
    const live = await fetch(`http://127.0.0.1:${port}/health`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as { details: object }).details).toEqual({
      broker: { status: 'up' },
      answers: { status: 'up', running: 0, waiting: 0 },
    });
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { details: { brokerAcceptsClients: object } }).details.brokerAcceptsClients).toEqual({ status: 'up' });
    expect((await fetch(`http://127.0.0.1:${port}/start`, { method: 'POST' })).status).toBe(404);
  });
});

describe('word-producer given malformed requests', () => {
  // A worker per request (golevelup allows one per process at a time), so that stopping it shows whether
  // the bad request was settled for good: one requeued over and over would be back on the queue then.
  let broker: BrokerInspector;
  let solo: WorkerUnderTest;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
  });

  beforeEach(async () => {
    solo = new WorkerUnderTest(broker);
    await solo.start({ WORD_DELAY_MS: '0', PREFETCH: '10' });
  });

  afterAll(() => broker.close());

  it.each([
    ['not JSON', Buffer.from('this is not json')],
    ['empty', Buffer.alloc(0)],
    ['a JSON array', Buffer.from('[1,2]')],
    ['missing its text', { chat_id: randomUUID(), chat_title: 't', message_id: randomUUID() }],
    ['with a message_id that is not a UUID', { chat_id: randomUUID(), chat_title: 't', message_id: 'x', text: 'hi' }],
    [
      'with a text of only zero-width spaces',
      { chat_id: randomUUID(), chat_title: 't', message_id: randomUUID(), text: '\u200b\u200b\u200b' },
    ],
  ])('drops a request that is %s without requeueing it, and keeps serving', async (_, content) => {
    try {
      await solo.publishRequest(content);
      await waitFor('the bad request to leave the queue', async () => (await broker.queue(solo.requestsQueue))?.messageCount === 0);
      const req = request('still here');
      expect((await solo.answerTo(req)).map((word) => word.text)).toEqual([...answerWords(req.text), END_MARKER]);
      await solo.stopWorker();
      expect(await broker.queue(solo.requestsQueue)).toEqual({ messageCount: 0, consumerCount: 0 });
    } finally {
      await broker.deleteQueue(solo.requestsQueue);
    }
  });
});

describe('word-producer with nobody listening', () => {
  // PREFETCH 1: the worker takes the next request only once it has acked the one before.
  const LONG_TEXT = 'w '.repeat(2000);
  let broker: BrokerInspector;
  let worker: WorkerUnderTest;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    worker = new WorkerUnderTest(broker);
    await worker.start({ WORD_DELAY_MS: '30', PREFETCH: '1' });
  });

  afterAll(async () => {
    await worker.stop();
    await broker.close();
  });

  it('never declares a reply queue, and gives up on a request whose queue is missing', async () => {
    const orphan = request(LONG_TEXT);
    await worker.publishRequest(orphan);
    // Had it kept generating 2000 words 30 ms apart, this answer would wait a minute behind it.
    const next = request('next one');
    expect((await worker.answerTo(next)).map((word) => word.text)).toEqual([...answerWords(next.text), END_MARKER]);
    expect(await broker.queue(replyQueueName(orphan.message_id))).toBeNull();
  });

  it('stops generating as soon as the reply queue is deleted mid-answer', async () => {
    const abandoned = request(LONG_TEXT);
    const partial = await worker.answerTo(abandoned, (_, received) => {
      if (received.length === 3) void broker.deleteQueue(replyQueueName(abandoned.message_id));
    });
    expect(partial.length).toBeLessThan(answerWords(LONG_TEXT).length);
    const next = request('after the abandoned one');
    expect((await worker.answerTo(next)).map((word) => word.text)).toEqual([...answerWords(next.text), END_MARKER]);
  });
});
