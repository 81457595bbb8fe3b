import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { REPLY_QUEUE_OPTIONS, replyQueueName, requestsQueueOptions } from '@app/contracts';
import { ErrorLog, type ErrorSummary } from '../client/error-log';
import { sleep } from '../client/sleep';
import { SOCKET_OPTIONS } from './amqp-url';

const WORD_TIMEOUT_MS = 5000;

export interface RawFirstWordParams {
  amqpUrl: string;
  count: number;
  pauseMs: number;
  bodyBytes: number;
}

export interface RawFirstWordResult {
  ttfwMs: number[];
  errors: ErrorSummary;
}

/**
 * The broker's floor for a first word: what the broker must do for one, with bare amqplib clients
 * and no HTTP. One at a time: declare a reply queue as the gateway does, publish a persistent request
 * and wait for its confirm, a bare worker (its own connection) publishes one word to the reply queue,
 * and a consumer of that queue receives it. The time from the declare to the word is the floor that
 * the gateway's time to first word is held to.
 */
async function runRawFirstWord({ amqpUrl, count, pauseMs, bodyBytes }: RawFirstWordParams): Promise<RawFirstWordResult> {
  const requestsQueue = `bench.raw-first-word.${randomUUID()}`;
  const gateway = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const worker = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const errors = new ErrorLog();
  const ttfwMs: number[] = [];
  try {
    const admin = await gateway.createChannel();
    const requests = await gateway.createConfirmChannel();
    const replies = await gateway.createChannel();
    await admin.assertQueue(requestsQueue, requestsQueueOptions('classic'));
    try {
      await startBareWorker(worker, requestsQueue, 'w'.repeat(bodyBytes));
      for (let i = 0; i < count; i++) {
        const outcome = await firstWord({ admin, requests, replies }, requestsQueue);
        if (typeof outcome === 'string') errors.add(outcome);
        else ttfwMs.push(outcome);
        if (pauseMs > 0) await sleep(pauseMs);
      }
    } finally {
      // On a channel of its own: a failure above may have closed the others.
      const cleanup = await gateway.createChannel();
      await cleanup.deleteQueue(requestsQueue);
    }
  } finally {
    await Promise.all([gateway.close().catch(() => undefined), worker.close().catch(() => undefined)]);
  }
  return { ttfwMs, errors };
}

/** Answers every request with one word to the reply queue the request names, then acks it. */
async function startBareWorker(connection: amqp.ChannelModel, requestsQueue: string, padding: string): Promise<void> {
  const channel = await connection.createChannel();
  await channel.consume(requestsQueue, (message) => {
    if (!message) return;
    const { message_id } = JSON.parse(message.content.toString()) as { message_id: string };
    const word = JSON.stringify({ message_id, text: 'first', seq: 1, padding });
    channel.publish('', replyQueueName(message_id), Buffer.from(word), { contentType: 'application/json' });
    channel.ack(message);
  });
}

interface GatewayChannels {
  admin: amqp.Channel;
  requests: amqp.ConfirmChannel;
  replies: amqp.Channel;
}

/** One first word, in milliseconds, or what went wrong. */
async function firstWord({ admin, requests, replies }: GatewayChannels, requestsQueue: string): Promise<number | string> {
  const messageId = randomUUID();
  const queue = replyQueueName(messageId);
  const startedAt = performance.now();
  await admin.assertQueue(queue, REPLY_QUEUE_OPTIONS);
  const request = Buffer.from(JSON.stringify({ chat_id: randomUUID(), chat_title: 'bench', message_id: messageId, text: 'first' }));
  await new Promise<void>((resolve, reject) =>
    requests.sendToQueue(requestsQueue, request, { persistent: true, contentType: 'application/json' }, (error) =>
      error ? reject(error as Error) : resolve(),
    ),
  );
  const consumerTag = `floor.${messageId}`;
  const arrived = new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => resolve(`no word within ${WORD_TIMEOUT_MS} ms`), WORD_TIMEOUT_MS);
    const consuming = replies.consume(
      queue,
      (message) => {
        if (!message) return;
        clearTimeout(timer);
        replies.ack(message);
        resolve(performance.now() - startedAt);
      },
      { consumerTag },
    );
    consuming.catch((error: Error) => resolve(`could not consume: ${error.message}`));
  });
  const outcome = await arrived;
  await replies.cancel(consumerTag).catch(() => undefined);
  await admin.deleteQueue(queue);
  return outcome;
}

export { runRawFirstWord };
