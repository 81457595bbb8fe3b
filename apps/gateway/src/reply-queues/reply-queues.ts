import { Injectable } from '@nestjs/common';
import { AnswerTranscriptMessage, replyQueueName } from '@app/contracts';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { PooledChannel } from './pooled-channel';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueueNotFoundError } from './reply-queue-not-found.error';
import { ReplyListener, ReplySubscription } from './reply-subscription';
import { TranscriptPublisher } from './transcript-publisher';

/** The life of the per-message reply queues: declared before the request, consumed by push, deleted when done with. */
@Injectable()
export class ReplyQueues {
  private consumersStarted = 0;

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
    if (!(await this.admin.exists(replyQueueName(messageId)))) throw new ReplyQueueNotFoundError(messageId);
  }

  /**
   * Consumes the message's reply queue by push, with manual acks, on `channel` when it is still open
   * (where the caller holds deliveries already), else on a pooled one.
   */
  async consume(messageId: string, listener: ReplyListener, channel?: PooledChannel): Promise<ReplySubscription> {
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
  }

  keepTranscript(transcript: AnswerTranscriptMessage): Promise<void> {
    return this.transcripts.publish(transcript);
  }

  /** For an answer nobody came back for: deletes the queue unless someone reads it now. True when it is gone. */
  async deleteIfUnused(messageId: string): Promise<boolean> {
    const deleted = await this.admin.deleteIfUnused(replyQueueName(messageId));
    if (deleted) this.metrics.counts.replyQueuesDeleted += 1;
    return deleted;
  }

  /** Deleting a queue also cancels its consumers, wherever they are. */
  async delete(messageId: string): Promise<void> {
    await this.admin.delete(replyQueueName(messageId));
    this.metrics.counts.replyQueuesDeleted += 1;
  }
}
