import { ConsumeMessage } from 'amqplib';
import { ReplyQueueMode } from '@app/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelLossListener, PooledChannel } from './pooled-channel';
import { ReplyQueueNotFoundError } from './reply-queue-not-found.error';
import type { ReplyQueues } from './reply-queues';
import { ReplyQueueListener, ReplySubscription } from './reply-subscription';

/** How long a consumer whose channel was lost tries to consume again before it gives up. */
const REATTACH_TIMEOUT_MS = 20_000;
const REATTACH_RETRY_MS = 500;

/** What a reply consumer tells its owner, and asks it. */
export interface ReplyConsumerEvents {
  /** A message of the queue, also one sent before a cancel took effect: it is held until settled. */
  received(message: ConsumeMessage): void;
  /** The queue was deleted (the answer was stopped, released or expired): nothing more will come. */
  queueGone(): void;
  /** The channel closed: the broker has put back every delivery held on it, and the consumer is off. */
  channelLost(reason: string): void | Promise<void>;
  /** Whether the owner takes messages now; asked before every switch and again after it. */
  wanted(): boolean;
}

/** Where delivered messages are held until settled; once it has closed, the broker has put them back. */
export type DeliveryHolder = Pick<PooledChannel, 'ack' | 'isOpen'>;

/**
 * One relay's consumer of one reply queue, switched on and off (one switch at a time) as its client
 * keeps up, and the pooled channel that holds what it delivered. The channel outlives each consume,
 * since a relay pauses by cancelling: deliveries are acked or requeued there, by tag, when the relay
 * settles them, and its owner hears when it is lost.
 */
export class ReplyConsumer implements ReplyQueueListener, ChannelLossListener {
  private channel?: PooledChannel;
  private subscription?: ReplySubscription;
  /** A consume or a cancel under way: the consumer is neither clearly on nor off until it settles. */
  private switching?: Promise<void>;

  constructor(
    private readonly replyQueues: Pick<ReplyQueues, 'consume' | 'assertExists'>,
    private readonly messageId: string,
    private readonly mode: ReplyQueueMode,
    private readonly events: ReplyConsumerEvents,
  ) {}

  get isOn(): boolean {
    return this.subscription !== undefined;
  }

  /** The channel that holds what was delivered so far: one adopted after a loss cannot settle it. */
  get holder(): DeliveryHolder | undefined {
    return this.channel;
  }

  /** Consumes, if the owner wants it. False when the queue is gone (queueGone() is told). Throws BrokerUnavailableError. */
  start(): Promise<boolean> {
    return this.unlessGone(() => this.switchTo(true));
  }

  /** As start(), once the queue is known to be there: a consume of a deleted queue would close the shared channel, and every consumer on it. */
  resume(): Promise<boolean> {
    return this.unlessGone(async () => {
      await this.replyQueues.assertExists(this.messageId);
      await this.switchTo(true);
    });
  }

  /**
   * After a lost channel: resume(), every REATTACH_RETRY_MS while `active()` and for REATTACH_TIMEOUT_MS
   * at most. False when the queue is gone or the owner stopped first. Throws the last error.
   */
  async reattach(active: () => boolean): Promise<boolean> {
    const deadline = Date.now() + REATTACH_TIMEOUT_MS;
    while (active()) {
      try {
        return await this.resume();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(REATTACH_RETRY_MS);
      }
    }
    return false;
  }

  /** Stops consuming; what was delivered stays held. */
  async stop(): Promise<void> {
    await this.switchTo(false).catch(() => undefined);
  }

  /** Stops consuming without waiting, unless a switch is under way: that one follows wanted() once done. */
  pause(): void {
    // Cancelling the last consumer of an original-mode (auto-delete) queue would delete it: the words
    // of a client that falls behind wait in its relay instead, up to MAX_ANSWER_WORDS and STALLED_CLIENT_MS.
    if (this.mode === 'original') return;
    if (this.subscription && !this.switching) void this.switchTo(false);
  }

  ack(deliveryTag: number): void {
    this.channel?.ack(deliveryTag);
  }

  requeue(deliveryTag: number): void {
    this.channel?.requeue(deliveryTag);
  }

  /** Nothing is held any more: the channel need not tell of its loss, nor keep this consumer. */
  release(): void {
    this.channel?.listeners.delete(this);
  }

  onMessage(message: ConsumeMessage, subscription: ReplySubscription): void {
    this.channel ??= this.adopt(subscription.pooled);
    this.events.received(message);
  }

  onQueueGone(): void {
    this.subscription = undefined;
    this.events.queueGone();
  }

  channelLost(reason: string): void {
    this.channel = undefined;
    this.subscription = undefined;
    void this.events.channelLost(reason);
  }

  /** A queue found missing is told as one deleted while consuming is. */
  private async unlessGone(attempt: () => Promise<void>): Promise<boolean> {
    try {
      await attempt();
      return true;
    } catch (error) {
      if (!(error instanceof ReplyQueueNotFoundError)) throw error;
      this.onQueueGone();
      return false;
    }
  }

  /** Afterwards, follows whatever changed meanwhile (the client drained or fell behind again, the relay ended). */
  private async switchTo(on: boolean): Promise<void> {
    while (this.switching) await this.switching.catch(() => undefined);
    const wanted = on && this.events.wanted();
    if (wanted === this.isOn) return;
    this.switching = wanted ? this.consume() : this.subscription!.cancel();
    if (!wanted) this.subscription = undefined;
    try {
      await this.switching;
    } finally {
      this.switching = undefined;
    }
    const stillWanted = this.events.wanted();
    if (stillWanted !== this.isOn) await this.switchTo(stillWanted);
  }

  private async consume(): Promise<void> {
    const subscription = await this.replyQueues.consume(this.messageId, this, this.channel);
    this.channel ??= this.adopt(subscription.pooled);
    this.subscription = subscription;
  }

  /** Deliveries come before consume-ok at times: the channel they are settled on is known from the first. */
  private adopt(channel: PooledChannel): PooledChannel {
    channel.listeners.add(this);
    return channel;
  }
}
