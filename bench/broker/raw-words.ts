import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ErrorLog, type ErrorSummary } from '../client/error-log';
import type { JobControl, WindowReports } from '../client/job-control';
import { reportWindow } from './report-window';
import { SOCKET_OPTIONS } from './amqp-url';

const YIELD_EVERY = 256;
const DRAIN_TIMEOUT_MS = 10_000;

export interface RawWordsParams {
  amqpUrl: string;
  bodyBytes: number;
  prefetch: number;
  maxInFlight: number;
  warmupMs: number;
  measureMs: number;
}

export interface RawWordsResult {
  perSecond: number;
  inWindow: number;
  windowMs: number;
  published: number;
  errors: ErrorSummary;
}

/**
 * The broker's ceiling for words: transient messages of `bodyBytes` through one queue, from a
 * publisher connection to a consumer connection that acks each one. The publisher keeps at most
 * `maxInFlight` messages ahead of the consumer, as a paced worker would, so the queue stays short.
 * Counts what the consumer receives inside a window after `warmupMs`; checks order and loss.
 */
async function runRawWords(
  { amqpUrl, bodyBytes, prefetch, maxInFlight, warmupMs, measureMs }: RawWordsParams,
  control: JobControl<WindowReports>,
): Promise<RawWordsResult> {
  const queue = `bench.raw-words.${randomUUID()}`;
  const publisherConnection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const consumerConnection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  try {
    const publisher = await publisherConnection.createChannel();
    const consumer = await consumerConnection.createChannel();
    // Exclusive: gone with the consumer's connection, whatever happens to this run.
    await consumer.assertQueue(queue, { durable: false, exclusive: true });
    await consumer.prefetch(prefetch);
    const flow = new Flow(maxInFlight, warmupMs, measureMs);
    reportWindow(control, warmupMs, measureMs);
    await consumer.consume(queue, (message) => {
      // null only if the broker cancels the consumer, which nothing here asks it to.
      if (!message) throw new Error(`the broker cancelled the consumer of ${queue}`);
      flow.received(message, consumer);
    });
    await publishUntilClosed(publisher, queue, bodyBytes, flow);
    await flow.drained(DRAIN_TIMEOUT_MS);
    return flow.summary();
  } finally {
    await publisherConnection.close().catch(() => undefined);
    await consumerConnection.close().catch(() => undefined);
  }
}

async function publishUntilClosed(channel: amqp.Channel, queue: string, bodyBytes: number, flow: Flow): Promise<void> {
  while (!flow.windowClosed) {
    if (flow.published - flow.consumed >= flow.maxInFlight) await flow.progress();
    const body = Buffer.alloc(bodyBytes, 'w');
    body.writeUInt32BE(flow.published, 0);
    flow.published += 1;
    if (!channel.publish('', queue, body, { contentType: 'application/json' }))
      await new Promise((resolve) => channel.once('drain', resolve));
    if (flow.published % YIELD_EVERY === 0) await new Promise(setImmediate);
  }
}

/** Counts, orders and windows what the consumer gets, and wakes the publisher when it may go on. */
class Flow {
  readonly maxInFlight: number;
  published: number;
  consumed: number;
  private inWindow: number;
  private readonly errors: ErrorLog;
  private readonly opensAt: number;
  private readonly closesAt: number;
  private wake: (() => void) | undefined;

  constructor(maxInFlight: number, warmupMs: number, measureMs: number) {
    this.maxInFlight = maxInFlight;
    this.published = 0;
    this.consumed = 0;
    this.inWindow = 0;
    this.errors = new ErrorLog();
    const now = performance.now();
    this.opensAt = now + warmupMs;
    this.closesAt = this.opensAt + measureMs;
    this.wake = undefined;
  }

  get windowClosed(): boolean {
    return performance.now() >= this.closesAt;
  }

  received(message: amqp.ConsumeMessage, channel: amqp.Channel): void {
    const seq = message.content.readUInt32BE(0);
    if (seq !== this.consumed) this.errors.add(`expected message ${this.consumed}, got ${seq}`);
    this.consumed += 1;
    channel.ack(message);
    const at = performance.now();
    if (at >= this.opensAt && at < this.closesAt) this.inWindow += 1;
    if (this.wake && this.published - this.consumed < this.maxInFlight / 2) this.wake();
  }

  progress(): Promise<void> {
    return new Promise((resolve) => (this.wake = () => ((this.wake = undefined), resolve())));
  }

  async drained(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.consumed < this.published && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.consumed < this.published) this.errors.add(`${this.published - this.consumed} of ${this.published} messages never arrived`);
  }

  summary(): RawWordsResult {
    const windowMs = this.closesAt - this.opensAt;
    return {
      perSecond: (this.inWindow / windowMs) * 1000,
      inWindow: this.inWindow,
      windowMs,
      published: this.published,
      errors: this.errors,
    };
  }
}

export { runRawWords };
