import { ConsumeMessage } from 'amqplib';
import { PooledChannel } from './pooled-channel';

/** What a reply queue's consumer is told: each message as it arrives, or that the queue is gone. */
export interface ReplyQueueListener {
  onMessage(message: ConsumeMessage, subscription: ReplySubscription): void;
  /** The queue was deleted (the answer was cancelled, released or expired): nothing more will come. */
  onQueueGone(): void;
}

/**
 * One consume of one reply queue, under one consumer tag, on a pooled channel. It only delivers and
 * cancels: what it delivered is settled on the channel, by whoever holds it (see ReplyConsumer).
 */
export class ReplySubscription {
  private active = true;

  constructor(
    readonly pooled: PooledChannel,
    readonly consumerTag: string,
    private readonly listener: ReplyQueueListener,
  ) {
    pooled.consumers += 1;
  }

  deliver(message: ConsumeMessage | null): void {
    // Messages sent before a cancel took effect still count: they are held like any other.
    if (message) this.listener.onMessage(message, this);
    else if (this.deactivate()) this.listener.onQueueGone();
  }

  /** Stops the deliveries; resolves once the broker has confirmed that none will follow. */
  async cancel(): Promise<void> {
    if (this.deactivate() && this.pooled.isOpen) await this.pooled.channel.cancel(this.consumerTag).catch(() => undefined);
  }

  private deactivate(): boolean {
    if (!this.active) return false;
    this.active = false;
    if (this.pooled.isOpen) this.pooled.consumers -= 1;
    return true;
  }
}
