import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { REPLY_QUEUE_OPTIONS } from '@app/contracts';
import { SOCKET_OPTIONS } from './amqp-url';
import { brokerMemory } from './broker-memory';

export interface HeldWordsParams {
  amqpUrl: string;
  queues: number;
  words: number;
  bodyBytes: number;
}

/** Broker memory in bytes; undefined where rabbitmqctl cannot read it. */
export interface HeldWordsResult {
  before: number | undefined;
  holding: number | undefined;
  heldWords: number;
  bytesPerWord: number | undefined;
}

/**
 * What holding words unacked costs the broker, with a bare client: `queues` reply queues (declared as
 * the gateway declares them) each get `words` messages of `bodyBytes`, which one consumer per queue
 * receives and holds, as a relay holds its answer. Broker memory is read before and while they are held.
 */
async function measureHeldWords({ amqpUrl, queues, words, bodyBytes }: HeldWordsParams): Promise<HeldWordsResult> {
  const connection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const names = Array.from({ length: queues }, () => `bench.held-words.${randomUUID()}`);
  try {
    const channel = await connection.createChannel();
    await channel.prefetch(0);
    for (const name of names) await channel.assertQueue(name, REPLY_QUEUE_OPTIONS);
    const before = await brokerMemory();
    let held = 0;
    const allHeld = new Promise<void>((resolve) => {
      for (const name of names) void channel.consume(name, (message) => message && ++held === queues * words && resolve());
    });
    const body = Buffer.alloc(bodyBytes, 'w');
    for (const name of names) for (let word = 0; word < words; word++) channel.sendToQueue(name, body);
    await allHeld;
    const holding = await brokerMemory();
    return { before, holding, heldWords: held, bytesPerWord: before && holding ? (holding - before) / held : undefined };
  } finally {
    const cleanup = await connection.createChannel();
    for (const name of names) await cleanup.deleteQueue(name).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}

export { measureHeldWords };
