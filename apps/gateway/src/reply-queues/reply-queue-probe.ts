import { Injectable, Logger } from '@nestjs/common';
import { Channel } from 'amqplib';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;

/**
 * Queue operations whose "no" is a channel error: a passive declare of a missing queue (404), a
 * delete-if-unused of a queue in use (406). The broker closes the channel that asked, so they run on a
 * channel of their own, never on one carrying consumers.
 */
@Injectable()
export class ReplyQueueProbe {
  private channel?: Promise<Channel>;
  private readonly logger = new Logger(ReplyQueueProbe.name);

  constructor(private readonly broker: BrokerConnection) {}

  exists(queue: string): Promise<boolean> {
    return this.attempt('checking a reply queue', { [NOT_FOUND]: false }, async (channel) => {
      await channel.checkQueue(queue);
      return true;
    });
  }

  /** Deletes the queue unless a consumer (on any gateway) is reading it; true when it is gone. */
  deleteIfUnused(queue: string): Promise<boolean> {
    return this.attempt('deleting an abandoned reply queue', { [PRECONDITION_FAILED]: false, [NOT_FOUND]: true }, async (channel) => {
      await channel.deleteQueue(queue, { ifUnused: true });
      return true;
    });
  }

  private async attempt<T>(operation: string, answers: Record<number, T>, run: (channel: Channel) => Promise<T>): Promise<T> {
    // An operation queued behind another one's channel error loses the channel too; it is tried again once.
    for (let attempt = 1; ; attempt++) {
      const channel = await this.probeChannel();
      try {
        return await run(channel);
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code !== undefined && code in answers) return answers[code];
        if (attempt >= 2) throw new BrokerUnavailableError(operation, error);
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
