import { Channel } from 'amqplib';
import { WordMessage } from '@app/contracts';
import { PublishWindow } from './publish-window';

/** The words of one answer on their way to its reply queue. */
export class ReplyStream {
  /** Set once the broker returned one of these words: the reply queue is gone, nobody listens any more. */
  gone = false;

  constructor(
    readonly queue: string,
    private readonly channel: Channel,
    private readonly window: PublishWindow,
    private readonly waitForRoom: () => Promise<void>,
  ) {}

  /** Hands a word to the connection, waiting while its socket buffer is full or the broker is behind. */
  async send(word: WordMessage): Promise<void> {
    const content = Buffer.from(JSON.stringify(word));
    const options = { mandatory: true, contentType: 'application/json', messageId: word.message_id };
    if (!this.channel.publish('', this.queue, content, options)) await this.waitForRoom();
    await this.window.sentOne();
  }

  /** Resolves once the broker has routed every word sent so far, and returned those it could not. */
  async settled(): Promise<void> {
    await roundTrip(this.channel);
  }
}

/**
 * A round trip on the channel: the broker answers it only after handling everything sent before it
 * there, returns included. The exchange is one every virtual host has; a passive declare of it
 * changes nothing.
 */
export function roundTrip(channel: Channel): Promise<unknown> {
  return channel.checkExchange('amq.direct');
}
