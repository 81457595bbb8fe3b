import { Injectable } from '@nestjs/common';
import { AnswerTranscriptMessage, replyQueueName } from '@app/contracts';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { GoneAnswers } from './gone-answers';
import { OneAtATime } from './one-at-a-time';
import { PooledChannel } from './pooled-channel';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueueNotFoundError } from './reply-queue-not-found.error';
import { ReplyQueueListener, ReplySubscription } from './reply-subscription';
import { TranscriptPublisher } from './transcript-publisher';

/**
 * The life of the per-message reply queues: declared before the request, consumed by push, deleted
 * when done with. Consumes and deletes of one queue run one at a time, and a queue deleted or found
 * missing here is remembered as gone: a client racing its own GET against its DELETE can never make
 * this gateway consume a queue it has just deleted, which would close a shared consumer channel.
 */
@Injectable()
export class ReplyQueues {
  private consumersStarted = 0;
  private readonly oneAtATime = new OneAtATime();
  private readonly gone = new GoneAnswers();

  constructor(
    private readonly pool: ReplyChannelPool,
    private readonly admin: ReplyQueueAdmin,
    private readonly transcripts: TranscriptPublisher,
    private readonly metrics: GatewayMetrics,
  ) {}

  async declare(messageId: string): Promise<void> {
    await this.admin.declare(replyQueueName(messageId));
    this.metrics.counts.replyQueuesDeclared += 1;
  }

  get consumerCount(): number {
    return this.pool.consumerCount;
  }

  /** Throws ReplyQueueNotFoundError for an unknown, finished or expired message, BrokerUnavailableError when it cannot tell. */
  async assertExists(messageId: string): Promise<void> {
    if (this.gone.has(messageId)) throw new ReplyQueueNotFoundError(messageId);
    if (await this.admin.exists(replyQueueName(messageId))) return;
    this.gone.add(messageId);
    throw new ReplyQueueNotFoundError(messageId);
  }

  /**
   * Consumes the message's reply queue by push, with manual acks, on `channel` when it is still open
   * (where the caller holds deliveries already), else on a pooled one. Throws ReplyQueueNotFoundError
   * when this gateway has deleted the queue meanwhile.
   */
  consume(messageId: string, listener: ReplyQueueListener, channel?: PooledChannel): Promise<ReplySubscription> {
    return this.oneAtATime.run(messageId, async () => {
      if (this.gone.has(messageId)) throw new ReplyQueueNotFoundError(messageId);
      const pooled = channel?.isOpen ? channel : await this.pool.acquire();
      // Chosen here rather than by the broker: words can arrive before consume-ok names the consumer.
      // Unique per channel is enough; short, because every open stream keeps its own.
      const subscription = new ReplySubscription(pooled, `relay.${(this.consumersStarted++).toString(36)}`, listener);
      try {
        await pooled.channel.consume(replyQueueName(messageId), (message) => subscription.deliver(message), {
          consumerTag: subscription.consumerTag,
        });
      } catch (error) {
        await subscription.cancel();
        throw new BrokerUnavailableError('consuming a reply queue', error);
      }
      return subscription;
    });
  }

  /** Puts a transcript in the answer's reply queue, in place of the messages it stands for; resolves once the broker has confirmed it. */
  publishTranscript(transcript: AnswerTranscriptMessage): Promise<void> {
    return this.transcripts.publish(transcript);
  }

  /** For an answer nobody came back for: deletes the queue unless someone reads it now. True when it is gone. */
  deleteIfUnused(messageId: string): Promise<boolean> {
    return this.oneAtATime.run(messageId, async () => {
      const deleted = await this.admin.deleteIfUnused(replyQueueName(messageId));
      if (deleted) this.deleted(messageId);
      return deleted;
    });
  }

  /** Deletes the queue, which also cancels its consumers, wherever they are. */
  delete(messageId: string): Promise<void> {
    return this.oneAtATime.run(messageId, () => this.deleteNow(messageId));
  }

  /** As delete(), for a message that must exist: throws ReplyQueueNotFoundError for one that does not. */
  deleteExisting(messageId: string): Promise<void> {
    return this.oneAtATime.run(messageId, async () => {
      await this.assertExists(messageId);
      await this.deleteNow(messageId);
    });
  }

  private async deleteNow(messageId: string): Promise<void> {
    await this.admin.delete(replyQueueName(messageId));
    this.deleted(messageId);
  }

  private deleted(messageId: string): void {
    this.gone.add(messageId);
    this.metrics.counts.replyQueuesDeleted += 1;
  }
}
