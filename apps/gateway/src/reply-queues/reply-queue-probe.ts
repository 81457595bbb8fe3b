import { Injectable, Logger } from '@nestjs/common';
import { Channel } from 'amqplib';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

const NOT_FOUND = 404;

/**
 * Answers whether a reply queue exists with a passive declare. A missing queue makes the broker close
 * the channel that asked, so probes run on a channel of their own, never on one carrying consumers.
 */
@Injectable()
export class ReplyQueueProbe {
  private channel?: Promise<Channel>;
  private readonly logger = new Logger(ReplyQueueProbe.name);

  constructor(private readonly broker: BrokerConnection) {}

  async exists(queue: string): Promise<boolean> {
    // A probe queued behind another probe's 404 loses its channel too; it is asked again once.
    for (let attempt = 1; ; attempt++) {
      const channel = await this.probeChannel();
      try {
        await channel.checkQueue(queue);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === NOT_FOUND) return false;
        if (attempt >= 2) throw new BrokerUnavailableError('checking a reply queue', error);
      }
    }
  }

  private probeChannel(): Promise<Channel> {
    if (!this.channel) {
      const opening = this.broker.createChannel();
      this.channel = opening;
      opening.then(
        (channel) => {
          channel.on('error', (error: Error) => this.logger.debug?.(`Probe channel closed: ${error.message}`));
          channel.once('close', () => this.forget(opening));
        },
        () => this.forget(opening),
      );
    }
    return this.channel;
  }

  private forget(channel: Promise<Channel>): void {
    if (this.channel === channel) this.channel = undefined;
  }
}
