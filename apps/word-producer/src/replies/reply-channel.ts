import { Channel } from 'amqplib';
import { WordMessage } from '@app/contracts';
import { PublishWindow } from './publish-window';

/** Words the broker may have yet to handle, across all answers; see PublishWindow. */
const PUBLISH_WINDOW_WORDS = 1000;

/**
 * The channel words go out on, with what every answer on it shares: the publish window and the wait
 * for room in the socket's buffer. A word published on it once it has closed throws
 * IllegalOperationError: its connection dropped, and the answer will be generated again.
 */
export class ReplyChannel {
  private readonly window = new PublishWindow(PUBLISH_WINDOW_WORDS, () => this.roundTrip());
  private room?: Promise<void>;

  constructor(readonly channel: Channel) {}

  /** Hands a word to the connection, waiting while its socket buffer is full or the broker is behind. */
  async publish(queue: string, word: WordMessage): Promise<void> {
    const content = Buffer.from(JSON.stringify(word));
    const options = { mandatory: true, contentType: 'application/json', messageId: word.message_id };
    if (!this.channel.publish('', queue, content, options)) await this.waitForRoom();
    await this.window.sentOne();
  }

  /**
   * A round trip on the channel: the broker answers it only after handling everything sent before it
   * there, returns included. The exchange is one every virtual host has; a passive declare of it
   * changes nothing.
   */
  roundTrip(): Promise<unknown> {
    return this.channel.checkExchange('amq.direct');
  }

  /** One wait shared by every answer: the buffer drained, or the channel closed. */
  private waitForRoom(): Promise<void> {
    this.room ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.channel.off('drain', done).off('close', done);
        this.room = undefined;
        resolve();
      };
      this.channel.on('drain', done).on('close', done);
    });
    return this.room;
  }
}
