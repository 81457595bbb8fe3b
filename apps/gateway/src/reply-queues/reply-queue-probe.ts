import { Injectable, Logger } from '@nestjs/common';
import { Channel } from 'amqplib';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;

/** Idle probe channels kept open for reuse; more concurrent probes open extra channels for the moment. */
const MAX_IDLE_CHANNELS = 32;

/**
 * Queue operations whose "no" is a channel error: a passive declare of a missing queue (404), a
 * delete-if-unused of a queue in use (406). The broker closes the channel that asked, so each operation
 * leases a channel of its own, never one carrying consumers or another operation; a channel that said
 * "no" is dropped, one that said "yes" is kept for the next operation.
 */
@Injectable()
export class ReplyQueueProbe {
  private readonly idle: Channel[] = [];
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
    const channel = await this.lease();
    try {
      const result = await run(channel);
      this.giveBack(channel);
      return result;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code !== undefined && code in answers) return answers[code];
      throw new BrokerUnavailableError(operation, error);
    }
  }

  private async lease(): Promise<Channel> {
    const reused = this.idle.pop();
    if (reused) return reused;
    const channel = await this.broker.createChannel();
    channel.on('error', (error: Error) => this.logger.debug?.(`Probe channel closed: ${error.message}`));
    channel.once('close', () => {
      const index = this.idle.indexOf(channel);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return channel;
  }

  private giveBack(channel: Channel): void {
    if (this.idle.length < MAX_IDLE_CHANNELS) this.idle.push(channel);
    else void channel.close().catch(() => undefined);
  }
}
