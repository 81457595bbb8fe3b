import { Inject, Injectable } from '@nestjs/common';
import { ConfirmChannel } from 'amqplib';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { ChatRequestMessage, CLIENT_HEADER, requestsQueueOptions } from '@app/contracts';
import { BrokerConnection } from './broker-connection';
import { ConfirmedPublisher } from './confirmed-publisher';

/** Puts chat requests on the requests queue and resolves only once the broker has confirmed them. */
@Injectable()
export class RequestsPublisher extends ConfirmedPublisher {
  constructor(
    broker: BrokerConnection,
    @Inject(amqpConfig.KEY) private readonly config: AmqpConfig,
  ) {
    super(broker, {
      operation: 'publishing a request',
      channel: 'Requests',
      // Declared on every (re)connect so that requests are kept even while no worker runs.
      setup: (channel: ConfirmChannel) => channel.assertQueue(config.requestsQueue, requestsQueueOptions(config.requestsQueueType)),
    });
  }

  /** `clientKey` tells workers which client sent it (see CLIENT_HEADER). */
  publish(request: ChatRequestMessage, clientKey: string): Promise<void> {
    return this.publishConfirmed(this.config.requestsQueue, request, {
      persistent: true,
      messageId: request.message_id,
      headers: { [CLIENT_HEADER]: clientKey },
    });
  }
}
