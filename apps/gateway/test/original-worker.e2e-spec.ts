import { Channel, ChannelModel, connect, ConsumeMessage } from 'amqplib';
import { brokerUrl } from '../../../test/support/broker-url';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

/** The original Python worker's declarations and answer, written out as it has them. */
const ORIGINAL_REQUESTS_QUEUE = { durable: true, arguments: { 'x-message-ttl': 300000 } };
const ORIGINAL_REPLY_QUEUE = { durable: true, autoDelete: true, arguments: { 'x-expires': 600000 } };
const ORIGINAL_PREFIX = 'This is generated on the server side. Here is your original message:';

/**
 * A stand-in for the original pika worker, doing the same AMQP operations: it declares the requests
 * queue, and for each request declares the reply queue itself, publishes one JSON message per word
 * (no seq, no sep, no mandatory flag) and then the end marker, and acks the request.
 */
class OriginalWorker {
  readonly declareErrors: string[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(requestsQueue: string, wordDelayMs: number): Promise<OriginalWorker> {
    const connection = await connect(brokerUrl());
    const channel = await connection.createChannel();
    const worker = new OriginalWorker(connection, channel);
    await channel.assertQueue(requestsQueue, ORIGINAL_REQUESTS_QUEUE);
    await channel.prefetch(1);
    await channel.consume(requestsQueue, (message) => message && void worker.answer(message, wordDelayMs));
    return worker;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async answer(message: ConsumeMessage, wordDelayMs: number): Promise<void> {
    const request = JSON.parse(message.content.toString()) as { chat_id: string; chat_title: string; message_id: string; text: string };
    const queue = `response_queue_${request.message_id}`;
    const replies = await this.connection.createChannel();
    replies.on('error', (error: Error) => this.declareErrors.push(error.message));
    try {
      await replies.assertQueue(queue, ORIGINAL_REPLY_QUEUE);
    } catch {
      return; // The original worker's channel closes here and the process exits.
    }
    const header = { chat_id: request.chat_id, chat_title: request.chat_title, message_id: request.message_id };
    for (const word of `${ORIGINAL_PREFIX} ${request.text}`.split(' ')) {
      replies.sendToQueue(queue, Buffer.from(JSON.stringify({ ...header, text: word })));
      await new Promise((resolve) => setTimeout(resolve, wordDelayMs));
    }
    replies.sendToQueue(queue, Buffer.from(JSON.stringify({ ...header, text: '^*END*^' })));
    this.channel.ack(message);
    await replies.close();
  }
}

describe('the original worker behind this gateway', () => {
  describe('with REPLY_QUEUES=original', () => {
    const env = useStack({ worker: false, REPLY_QUEUES: 'original' });
    let worker: OriginalWorker;
    beforeAll(async () => (worker = await OriginalWorker.start(env.stack.requestsQueue, 20)));
    afterAll(() => worker.close());

    it('answers through the page protocol, word by word, and the reply queue goes with its stream', async () => {
      const { chat_id } = await env.client.startChat();
      const message = await env.client.sendOk(chat_id, { text: 'hello from the old days' });
      const result = await readSse(env.client.streamUrl(message));
      expect(result.status).toBe(200);
      expect(
        result.events.map((event) => [
          event.event,
          event.id,
          event.event === 'message' ? (JSON.parse(event.data) as { text: string }).text : event.data,
        ]),
      ).toEqual([
        ...['This', 'is', 'generated', 'on', 'the', 'server', 'side.', 'Here', 'is', 'your', 'original', 'message:'].map((text, index) => [
          'message',
          String(index + 1),
          text,
        ]),
        ...['hello', 'from', 'the', 'old', 'days'].map((text, index) => ['message', String(index + 13), text]),
        ['message', '18', '^*END*^'],
        ['end', undefined, 'Stream ended'],
      ]);
      expect(worker.declareErrors).toEqual([]);
      await waitFor(
        'the auto-delete reply queue to go',
        async () => (await env.broker.queue(`response_queue_${message.message_id}`)) === null,
      );
    });

    it('refuses a second stream of an answer being streamed with 409, since it cannot be taken over', async () => {
      const { chat_id } = await env.client.startChat();
      const message = await env.client.sendOk(chat_id, { text: 'w '.repeat(40).trim() });
      const first = new SseConnection(env.client.streamUrl(message));
      await first.waitForEvents(1);
      const second = await readSse(env.client.streamUrl(message));
      expect(second.status).toBe(409);
      expect(JSON.parse(second.body)).toEqual({
        statusCode: 409,
        message: `Message ${message.message_id} is being streamed already; with REPLY_QUEUES=original an answer cannot be taken over`,
        error: 'Conflict',
      });
      const whole = await first.finished;
      expect(whole.events.filter((event) => event.event === 'message')).toHaveLength(12 + 40 + 1);
    });
  });

  describe('with the default, resumable reply queues', () => {
    const env = useStack({ worker: false });

    it('has its reply-queue declare refused (406), which is what REPLY_QUEUES=original is for', async () => {
      const { chat_id } = await env.client.startChat();
      const message = await env.client.sendOk(chat_id, { text: 'hello' });
      const connection = await connect(brokerUrl());
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.assertQueue(`response_queue_${message.message_id}`, ORIGINAL_REPLY_QUEUE)).rejects.toMatchObject({ code: 406 });
      await connection.close();
    });
  });
});
