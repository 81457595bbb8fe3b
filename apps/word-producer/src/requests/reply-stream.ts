import { Channel } from 'amqplib';
import { WordMessage } from '@app/contracts';

/** The words of one answer on their way to its reply queue. */
export class ReplyStream {
  /** Set once the broker returned one of these words: the reply queue is gone, nobody listens any more. */
  gone = false;

  constructor(
    readonly queue: string,
    private readonly channel: Channel,
    private readonly waitForRoom: () => Promise<void>,
  ) {}

  /** Hands a word to the connection, waiting while its socket buffer is full. */
  async send(word: WordMessage): Promise<void> {
    const content = Buffer.from(JSON.stringify(word));
    const options = { mandatory: true, contentType: 'application/json', messageId: word.message_id };
    if (!this.channel.publish('', this.queue, content, options)) await this.waitForRoom();
  }

  /**
   * Resolves once the broker has routed every word sent so far, and returned those it could not:
   * it answers a round trip on a channel only after handling everything sent before it there.
   * The exchange is one every virtual host has; a passive declare of it changes nothing.
   */
  async settled(): Promise<void> {
    await this.channel.checkExchange('amq.direct');
  }
}
