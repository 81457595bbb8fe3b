import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ErrorLog, type ErrorSummary } from '../client/error-log';
import type { JobControl, WindowReports } from '../client/job-control';
import { REPLY_QUEUE_OPTIONS } from '@app/contracts';
import { SOCKET_OPTIONS } from './amqp-url';
import { reportWindow } from './report-window';

const PREFETCH_HEADROOM = 64;

export interface RawStreamsParams {
  amqpUrl: string;
  streams: number;
  channels: number;
  holdWords: number;
  bodyBytes: number;
  warmupMs: number;
  measureMs: number;
}

export interface RawStreamsResult {
  perSecond: number;
  inWindow: number;
  windowMs: number;
  errors: ErrorSummary;
}

/**
 * The broker's ceiling for words in the shape the gateway uses them, with a bare client: one reply
 * queue (declared as the gateway does) and one consumer per stream, the consumers spread over
 * `channels` channels, each stream's words held unacked `holdWords` at a time and then acked together
 * (as a relay does once a segment keeps them), and the words published with `mandatory` on a plain
 * channel, each stream giving the event loop a turn between words, as the worker does. No HTTP, no
 * Nest, no segments: what RabbitMQ allows for this traffic.
 */
async function runRawStreams(
  { amqpUrl, streams, channels, holdWords, bodyBytes, warmupMs, measureMs }: RawStreamsParams,
  control: JobControl<WindowReports>,
): Promise<RawStreamsResult> {
  const publisherConnection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const consumerConnection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const queues = Array.from({ length: streams }, () => `bench.raw-streams.${randomUUID()}`);
  const count = new WindowCount(warmupMs, measureMs);
  const errors = new ErrorLog();
  try {
    const consumers = await openConsumerChannels(consumerConnection, channels, holdWords + PREFETCH_HEADROOM);
    await Promise.all(queues.map((queue, index) => consumeHolding(consumers[index % channels], queue, holdWords, count, errors)));
    const publisher = await publisherConnection.createChannel();
    // Every stream may wait for the same channel's 'drain'.
    publisher.setMaxListeners(0);
    reportWindow(control, warmupMs, measureMs);
    await Promise.all(queues.map((queue) => publishUntilClosed(publisher, queue, bodyBytes, count)));
    return { perSecond: count.perSecond, inWindow: count.inWindow, windowMs: measureMs, errors };
  } finally {
    await publisherConnection.close().catch(() => undefined);
    const cleanup = await consumerConnection.createChannel().catch(() => undefined);
    for (const queue of queues) await cleanup?.deleteQueue(queue).catch(() => undefined);
    await consumerConnection.close().catch(() => undefined);
  }
}

async function openConsumerChannels(connection: amqp.ChannelModel, channels: number, prefetch: number): Promise<amqp.Channel[]> {
  return Promise.all(
    Array.from({ length: channels }, async () => {
      const channel = await connection.createChannel();
      await channel.prefetch(prefetch);
      return channel;
    }),
  );
}

async function consumeHolding(
  channel: amqp.Channel,
  queue: string,
  holdWords: number,
  count: WindowCount,
  errors: ErrorLog,
): Promise<void> {
  await channel.assertQueue(queue, REPLY_QUEUE_OPTIONS);
  const held: amqp.ConsumeMessage[] = [];
  let expected = 0;
  await channel.consume(queue, (message) => {
    if (!message) return;
    const seq = message.content.readUInt32BE(0);
    if (seq !== expected) errors.add(`${queue}: expected word ${expected}, got ${seq}`);
    expected = seq + 1;
    count.add();
    held.push(message);
    if (held.length === holdWords) for (const word of held.splice(0)) channel.ack(word);
  });
}

async function publishUntilClosed(channel: amqp.Channel, queue: string, bodyBytes: number, count: WindowCount): Promise<void> {
  for (let seq = 0; !count.closed; seq++) {
    const body = Buffer.alloc(bodyBytes, 'w');
    body.writeUInt32BE(seq, 0);
    if (!channel.publish('', queue, body, { mandatory: true, contentType: 'application/json' }))
      await new Promise((resolve) => channel.once('drain', resolve));
    await new Promise(setImmediate);
  }
}

/** Counts the words received inside the window. */
class WindowCount {
  private readonly opensAt: number;
  private readonly closesAt: number;
  inWindow: number;

  constructor(warmupMs: number, measureMs: number) {
    this.opensAt = performance.now() + warmupMs;
    this.closesAt = this.opensAt + measureMs;
    this.inWindow = 0;
  }

  get closed(): boolean {
    return performance.now() >= this.closesAt;
  }

  add(): void {
    const at = performance.now();
    if (at >= this.opensAt && at < this.closesAt) this.inWindow += 1;
  }

  get perSecond(): number {
    return (this.inWindow / (this.closesAt - this.opensAt)) * 1000;
  }
}

export { runRawStreams };
