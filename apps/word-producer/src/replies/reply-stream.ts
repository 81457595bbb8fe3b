import { WordMessage } from '@app/contracts';
import { ReplyChannel } from './reply-channel';

/** The words of one answer on their way to its reply queue. */
export class ReplyStream {
  private readonly returned = new AbortController();

  constructor(
    readonly queue: string,
    private readonly channel: ReplyChannel,
  ) {}

  /** Aborted once the broker returned one of these words: the reply queue is gone, nobody listens any more. */
  get stopped(): AbortSignal {
    return this.returned.signal;
  }

  get gone(): boolean {
    return this.returned.signal.aborted;
  }

  markGone(): void {
    this.returned.abort();
  }

  send(word: WordMessage): Promise<void> {
    return this.channel.publish(this.queue, word);
  }

  /** Resolves once the broker has routed every word sent so far, and returned those it could not. */
  async settled(): Promise<void> {
    await this.channel.roundTrip();
  }
}
