import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, ConsumeMessage } from 'amqplib';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { DEAD_REQUESTS_EXCHANGE, deadRequestsQueue, endMessage, replyQueueName } from '@app/contracts';
import { BrokerConnection } from '../broker/broker-connection';
import { readDeadRequest } from './dead-request';
import { deadRequestReason } from './dead-request-reason';

/**
 * Turns a request that died unanswered into an end message with an error in its reply queue, so that
 * its stream (on whichever gateway) ends at once with the reason instead of waiting for the idle timeout.
 * Every gateway of a deployment consumes its REQUESTS_QUEUE's dead-letter queue; each dead request
 * reaches one of them, and no gateway of another deployment.
 */
@Injectable()
export class DeadRequestsConsumer implements OnModuleInit {
  private channel: ChannelWrapper;
  private readonly logger = new Logger(DeadRequestsConsumer.name);

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(amqpConfig.KEY) private readonly config: AmqpConfig,
  ) {}

  onModuleInit(): void {
    // A channel wrapper re-runs this setup, and so consumes again, after every reconnect.
    this.channel = this.broker.manager.createChannel({
      setup: async (channel: Channel) => {
        const { requestsQueue, requestsQueueType } = this.config;
        const queue = deadRequestsQueue(requestsQueue, requestsQueueType);
        await channel.assertExchange(DEAD_REQUESTS_EXCHANGE, 'direct', { durable: true });
        await channel.assertQueue(queue.name, queue.options);
        await channel.bindQueue(queue.name, DEAD_REQUESTS_EXCHANGE, requestsQueue);
        await channel.prefetch(50);
        await channel.consume(queue.name, (message) => message && this.endStream(channel, message));
      },
    });
    this.channel.on('error', (error: Error) => this.logger.warn(`Dead-letter channel failed: ${error.message}`));
  }

  private endStream(channel: Channel, message: ConsumeMessage): void {
    const request = readDeadRequest(message.content);
    if (request) {
      const end = endMessage(request, { error: deadRequestReason(message.properties.headers) });
      channel.publish('', replyQueueName(request.message_id), Buffer.from(JSON.stringify(end)), { contentType: 'application/json' });
      this.logger.warn(`Message ${request.message_id} died unanswered: ${end.error}`);
    } else {
      this.logger.warn(`Dropped an unreadable dead request of ${message.content.length} bytes`);
    }
    channel.ack(message);
  }
}
