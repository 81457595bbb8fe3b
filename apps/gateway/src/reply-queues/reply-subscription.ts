import { ConsumeMessage } from 'amqplib';
import { ChannelLossListener, PooledChannel } from './pooled-channel';

/** What a reply consumer is told: each word as it arrives, or that its consumer is gone and why. */
export interface ReplyListener {
  onReply(message: ConsumeMessage, subscription: ReplySubscription): void;
  /** The queue was deleted (the answer was cancelled, or expired): nothing more will come. */
  onQueueGone(): void;
  /** The channel closed (e.g. the broker connection dropped): the queue and its words are likely still there. */
  onChannelLost(reason: string): void;
}

/**
 * One consumer of one reply queue, on a shared channel. The last `windowSize` words it was given stay
 * unacked: if the client goes away they return to the queue, so a reconnect to any gateway (or the
 * broker's redelivery after this gateway dies) replays what the client may have missed.
 * Acks and requeues are no-ops once the channel is gone; the broker requeues by itself then.
 */
export class ReplySubscription implements ChannelLossListener {
  private active = true;
  private readonly held: ConsumeMessage[] = [];

  constructor(
    private readonly pooled: PooledChannel,
    readonly queue: string,
    readonly consumerTag: string,
    private readonly windowSize: number,
    private readonly listener: ReplyListener,
  ) {
    pooled.listeners.add(this);
  }

  deliver(message: ConsumeMessage | null): void {
    if (message) this.listener.onReply(message, this);
    else if (this.deactivate()) this.listener.onQueueGone();
  }

  channelLost(reason: string): void {
    if (this.deactivate()) this.listener.onChannelLost(reason);
  }

  ack(message: ConsumeMessage): void {
    this.pooled.ack(message);
  }

  /** Keeps a word unacked while it is among the last `windowSize`; the oldest beyond that is acked for good. */
  hold(message: ConsumeMessage): void {
    this.held.push(message);
    if (this.held.length > this.windowSize) this.ack(this.held.shift()!);
  }

  /**
   * The client is gone: stop consuming, then put every held word back in the queue, in order. Requeued
   * before the cancel is confirmed, they would come straight back to this consumer.
   */
  async release(): Promise<void> {
    await this.cancel();
    for (const message of this.held.splice(0)) this.pooled.requeue(message);
  }

  async cancel(): Promise<void> {
    if (this.deactivate() && this.pooled.isOpen) await this.pooled.channel.cancel(this.consumerTag).catch(() => undefined);
  }

  /**
   * The answer is complete: acks every word still held and the end message, and forgets the consumer.
   * Deleting the queue, which the caller does next, ends the consumer on the broker's side.
   */
  complete(endMessage: ConsumeMessage): void {
    for (const message of this.held.splice(0)) this.ack(message);
    this.ack(endMessage);
    this.deactivate();
  }

  /** Marks the consumer finished; false if it already was, so that each ending is handled once. */
  private deactivate(): boolean {
    if (!this.active) return false;
    this.active = false;
    this.pooled.listeners.delete(this);
    return true;
  }
}
