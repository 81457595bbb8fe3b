import { Logger } from '@nestjs/common';
import { ChannelWrapper, SetupFunc } from 'amqp-connection-manager';
import { Options } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** How long a publish waits for the broker's confirm before the broker counts as unavailable. */
const PUBLISH_TIMEOUT_MS = 5000;

export interface ConfirmedPublishing {
  /** What the broker is unavailable for when a publish fails: 'publishing a request'. */
  operation: string;
  /** The channel's name in the log. */
  channel: string;
  /** Run on every (re)connect before anything is published. */
  setup?: SetupFunc;
}

/**
 * Publishes JSON messages on a confirm channel of its own, and resolves only once the broker has
 * confirmed them. Each subclass says what it publishes, and where.
 */
export class ConfirmedPublisher {
  private readonly channel: ChannelWrapper;
  private readonly operation: string;
  private readonly logger = new Logger(this.constructor.name);

  constructor(
    private readonly broker: BrokerConnection,
    { operation, channel, setup }: ConfirmedPublishing,
  ) {
    this.operation = operation;
    this.channel = broker.manager.createChannel({ confirm: true, setup });
    this.channel.on('error', (error: Error) => this.logger.warn(`${channel} channel failed: ${error.message}`));
  }

  protected async publishConfirmed(queue: string, message: object, options: Options.Publish): Promise<void> {
    // The channel wrapper would otherwise hold the message until the broker comes back.
    if (!this.broker.isConnected) throw new BrokerUnavailableError(this.operation);
    try {
      await this.channel.publish('', queue, Buffer.from(JSON.stringify(message)), {
        contentType: 'application/json',
        ...options,
        timeout: PUBLISH_TIMEOUT_MS,
      });
    } catch (error) {
      throw new BrokerUnavailableError(this.operation, error);
    }
  }
}
