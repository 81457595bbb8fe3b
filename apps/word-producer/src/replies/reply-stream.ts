import { WordMessage } from '@app/contracts';
import { ReplyChannel } from './reply-channel';

/** The words of one answer on their way to its reply queue. */
export class ReplyStream {
  /** Set once the broker returned one of these words: the reply queue is gone, nobody listens any more. */
  gone = false;

  constructor(
    readonly queue: string,
    private readonly channel: ReplyChannel,
  ) {}

  send(word: WordMessage): Promise<void> {
    return this.channel.publish(this.queue, word);
  }

  /** Resolves once the broker has routed every word sent so far, and returned those it could not. */
  async settled(): Promise<void> {
    await this.channel.roundTrip();
  }
}
