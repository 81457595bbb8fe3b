import type { Channel, ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { WordMessage } from '@app/contracts';

/** A word as it was published: when, and when its control copy came back (NaN until it has). */
export interface SentWord {
  publishedAt: number;
  controlArrival: () => number;
}

/** Publishes words as the word-producer does, plus a control copy of each to a queue of its own. */
class PlayedWorker {
  private readonly arrivals = new Map<number, number>();
  private next = 0;

  constructor(
    private readonly channel: Channel,
    private readonly controlQueue: string,
  ) {}

  static async start(connection: ChannelModel): Promise<PlayedWorker> {
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue(`bench.relay-control.${randomUUID()}`, { exclusive: true });
    const worker = new PlayedWorker(channel, queue);
    // null only when the broker cancels the consumer: the copies still missing then stay NaN.
    await channel.consume(queue, (message) => message && worker.arrivals.set(message.content.readUInt32BE(0), performance.now()), {
      noAck: true,
    });
    return worker;
  }

  publish(queue: string, word: WordMessage): SentWord {
    const key = this.next++;
    const body = Buffer.from(JSON.stringify(word));
    const control = Buffer.alloc(body.length);
    control.writeUInt32BE(key, 0);
    const options = { contentType: 'application/json', messageId: word.message_id };
    const publishedAt = performance.now();
    // Alternating the order keeps either copy from always going out first.
    const copies = [() => this.channel.publish('', queue, body, options), () => this.channel.publish('', this.controlQueue, control)];
    if (key % 2 === 1) copies.reverse();
    for (const publishCopy of copies) publishCopy();
    return { publishedAt, controlArrival: () => this.arrivals.get(key) ?? NaN };
  }

  publishEnd(queue: string, end: WordMessage): void {
    this.channel.publish('', queue, Buffer.from(JSON.stringify(end)), { contentType: 'application/json', messageId: end.message_id });
  }
}

export { PlayedWorker };
