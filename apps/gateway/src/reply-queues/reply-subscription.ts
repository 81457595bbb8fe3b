import { ConsumeMessage } from 'amqplib';
import { ChannelLossListener, PooledChannel } from './pooled-channel';

/** What a reply consumer is told: each word as it arrives, or that its consumer is gone. */
export interface ReplyListener {
  onReply(message: ConsumeMessage, subscription: ReplySubscription): void;
  onConsumerLost(reason: string): void;
}

/** One consumer of one reply queue, on a shared channel. Acks and requeues are no-ops once the channel is gone. */
export class ReplySubscription implements ChannelLossListener {
  private active = true;

  constructor(
    private readonly pooled: PooledChannel,
    readonly queue: string,
    readonly consumerTag: string,
    private readonly listener: ReplyListener,
  ) {
    pooled.listeners.add(this);
  }

  deliver(message: ConsumeMessage | null): void {
    if (message) this.listener.onReply(message, this);
    else this.lose('the reply queue was deleted');
  }

  channelLost(reason: string): void {
    this.lose(reason);
  }

  ack(message: ConsumeMessage): void {
    if (this.pooled.isOpen) this.pooled.channel.ack(message);
  }

  /** Puts the word back at the head of its queue for whoever consumes it next. */
  requeue(message: ConsumeMessage): void {
    if (this.pooled.isOpen) this.pooled.channel.nack(message, false, true);
  }

  async cancel(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    this.pooled.listeners.delete(this);
    if (this.pooled.isOpen) await this.pooled.channel.cancel(this.consumerTag).catch(() => undefined);
  }

  /**
   * Acks the end message, stops consuming and deletes the queue, all on this channel so that the
   * broker sees the ack before the queue is gone.
   */
  async complete(endMessage: ConsumeMessage): Promise<void> {
    this.ack(endMessage);
    await this.cancel();
    if (this.pooled.isOpen) await this.pooled.channel.deleteQueue(this.queue);
  }

  private lose(reason: string): void {
    if (!this.active) return;
    this.active = false;
    this.pooled.listeners.delete(this);
    this.listener.onConsumerLost(reason);
  }
}
