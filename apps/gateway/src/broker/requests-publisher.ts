import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel } from 'amqplib';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { ChatRequestMessage, CLIENT_HEADER, requestsQueueOptions } from '@app/contracts';
import { BrokerConnection } from './broker-connection';
import { BrokerUnavailableError } from './broker-unavailable.error';

const PUBLISH_TIMEOUT_MS = 5000;

/** Puts chat requests on the requests queue and resolves only once the broker has confirmed them. */
@Injectable()
export class RequestsPublisher {
  private readonly channel: ChannelWrapper;
  private readonly logger = new Logger(RequestsPublisher.name);

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(amqpConfig.KEY) private readonly config: AmqpConfig,
  ) {
    // Declared on every (re)connect so that requests are kept even while no worker runs.
    this.channel = broker.manager.createChannel({
      confirm: true,
      setup: (channel: ConfirmChannel) => channel.assertQueue(config.requestsQueue, requestsQueueOptions(config.requestsQueueType)),
    });
    this.channel.on('error', (error: Error) => this.logger.warn(`Requests channel failed: ${error.message}`));
  }

  /** `clientKey` tells workers which client sent it (see CLIENT_HEADER). */
  async publish(request: ChatRequestMessage, clientKey: string): Promise<void> {
    // The channel wrapper would otherwise hold the request until the broker comes back.
    if (!this.broker.isConnected) throw new BrokerUnavailableError('publishing a request');
    try {
      await this.channel.publish('', this.config.requestsQueue, Buffer.from(JSON.stringify(request)), {
        persistent: true,
        contentType: 'application/json',
        messageId: request.message_id,
        headers: { [CLIENT_HEADER]: clientKey },
        timeout: PUBLISH_TIMEOUT_MS,
      });
    } catch (error) {
      throw new BrokerUnavailableError('publishing a request', error);
    }
  }
}
