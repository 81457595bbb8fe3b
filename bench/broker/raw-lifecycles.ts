import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ErrorLog, type ErrorSummary } from '../client/error-log';
import type { JobControl, WindowReports } from '../client/job-control';
import { reportWindow } from './report-window';
import { REPLY_QUEUE_OPTIONS } from '@app/contracts';
import { SOCKET_OPTIONS } from './amqp-url';

const RECEIVE_TIMEOUT_MS = 5000;

export interface RawLifecyclesParams {
  amqpUrl: string;
  channels: number;
  warmupMs: number;
  measureMs: number;
}

export interface RawLifecyclesResult {
  perSecond: number;
  inWindow: number;
  windowMs: number;
  channels: number;
  errors: ErrorSummary;
}

/**
 * The broker's ceiling for reply queues: on each of `channels` channels in parallel, one after the
 * other, declare a queue as the gateway does, consume it, publish one message, receive and ack it,
 * cancel and delete. Counts lifecycles that end inside a window after `warmupMs`.
 */
async function runRawLifecycles(
  { amqpUrl, channels, warmupMs, measureMs }: RawLifecyclesParams,
  control: JobControl<WindowReports>,
): Promise<RawLifecyclesResult> {
  const connection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  connection.on('error', () => undefined);
  const run = randomUUID();
  const opensAt = performance.now() + warmupMs;
  const closesAt = opensAt + measureMs;
  reportWindow(control, warmupMs, measureMs);
  const errors = new ErrorLog();
  let inWindow = 0;
  const lane = async (laneIndex: number): Promise<void> => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (let cycle = 0; performance.now() < closesAt; cycle++) {
      await oneLifecycle(channel, `bench.raw-lifecycle.${run}.${laneIndex}.${cycle}`);
      const at = performance.now();
      if (at >= opensAt && at < closesAt) inWindow += 1;
    }
  };
  try {
    const lanes = await Promise.allSettled(Array.from({ length: channels }, (_, index) => lane(index)));
    for (const lane of lanes) if (lane.status === 'rejected') errors.add(`a channel failed: ${messageOf(lane.reason)}`);
  } finally {
    await connection.close().catch(() => undefined);
  }
  return { perSecond: (inWindow / measureMs) * 1000, inWindow, windowMs: measureMs, channels, errors };
}

async function oneLifecycle(channel: amqp.Channel, queue: string): Promise<void> {
  await channel.assertQueue(queue, REPLY_QUEUE_OPTIONS);
  const body = Buffer.from(JSON.stringify({ queue }));
  let arrived: (message: amqp.ConsumeMessage) => void;
  const received = new Promise<amqp.ConsumeMessage>((resolve, reject) => {
    arrived = resolve;
    setTimeout(() => reject(new Error(`nothing arrived in ${queue} within ${RECEIVE_TIMEOUT_MS} ms`)), RECEIVE_TIMEOUT_MS).unref();
  });
  const { consumerTag } = await channel.consume(queue, (message) => {
    if (!message) return;
    channel.ack(message);
    arrived(message);
  });
  channel.publish('', queue, body);
  const message = await received;
  if (!message.content.equals(body)) throw new Error(`${queue} delivered another message`);
  await channel.cancel(consumerTag);
  await channel.deleteQueue(queue);
}

/** A rejection's message; amqplib rejects with Errors. */
function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

export { runRawLifecycles };
