import { WordMessage } from '@app/contracts';
import { WordsChannel } from './words-channel';

/** The words of one answer on their way to its reply queue. */
export class ReplyStream {
  /** Set once the broker returned one of these words: the reply queue is gone, nobody listens any more. */
  gone = false;

  constructor(
    readonly queue: string,
    private readonly words: WordsChannel,
  ) {}

  send(word: WordMessage): Promise<void> {
    return this.words.publish(this.queue, word);
  }

  /** Resolves once the broker has routed every word sent so far, and returned those it could not. */
  async settled(): Promise<void> {
    await this.words.roundTrip();
  }
}
