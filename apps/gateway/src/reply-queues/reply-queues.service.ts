import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { responseQueueName } from '@app/contracts';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueNotFoundError } from './reply-queue-not-found.error';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyListener, ReplySubscription } from './reply-subscription';

/** The life of the per-message reply queues: declared before the request, consumed by push, deleted at the end. */
@Injectable()
export class ReplyQueues {
  constructor(
    private readonly pool: ReplyChannelPool,
    private readonly admin: ReplyQueueAdmin,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  declare(messageId: string): Promise<void> {
    return this.admin.declare(responseQueueName(messageId));
  }

  get consumerCount(): number {
    return this.pool.consumerCount;
  }

  async assertExists(messageId: string): Promise<void> {
    if (!(await this.admin.exists(responseQueueName(messageId)))) throw new ReplyQueueNotFoundError(messageId);
  }

  /** Consumes the message's reply queue by push, with manual acks. */
  async consume(messageId: string, listener: ReplyListener): Promise<ReplySubscription> {
    const queue = responseQueueName(messageId);
    const pooled = await this.pool.acquire();
    // Chosen here rather than by the broker: words can arrive before consume-ok names the consumer.
    const subscription = new ReplySubscription(pooled, queue, `stream.${randomUUID()}`, this.config.replayWindowWords, listener);
    try {
      await pooled.channel.consume(queue, (message) => subscription.deliver(message), {
        consumerTag: subscription.consumerTag,
      });
    } catch (error) {
      await subscription.cancel();
      throw new BrokerUnavailableError('consuming a reply queue', error);
    }
    return subscription;
  }

  /** For a client that left and did not come back: deletes the queue unless someone resumed it meanwhile. */
  deleteIfAbandoned(messageId: string): Promise<boolean> {
    return this.admin.deleteIfUnused(responseQueueName(messageId));
  }

  /** Deleting a queue also cancels its consumers, wherever they are. */
  delete(messageId: string): Promise<void> {
    return this.admin.delete(responseQueueName(messageId));
  }
}
