import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel } from 'amqplib';
import { Options } from 'amqplib';
import { replyQueueOptions } from '@app/contracts';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';

const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;

/**
 * Channels for queue operations: at most this many at once; more operations wait for one. A burst
 * (ten thousand streams let go at once, each answer's expiry firing together) would otherwise open a
 * channel each and run out of the connection's channel numbers.
 */
const MAX_CHANNELS = 32;

/**
 * Declares, checks and deletes reply queues, each operation on a channel leased for it alone, never
 * one carrying consumers. The broker handles a channel's commands one at a time, and a durable
 * declare or a delete is milliseconds of its metadata work: on a consumer channel it would hold up
 * every word delivered there meanwhile. Some answers are channel errors, too: a passive declare of a
 * missing queue (404), a delete-if-unused of a queue in use (406); the broker closes the channel that
 * asked, so a channel that said "no" is dropped, one that said "yes" is kept for the next operation.
 */
@Injectable()
export class ReplyQueueAdmin {
  private readonly idle: Channel[] = [];
  private leased = 0;
  private readonly waiting: ((channel: Channel | undefined) => void)[] = [];
  private readonly logger = new Logger(ReplyQueueAdmin.name);

  private readonly declaration: Options.AssertQueue;

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(gatewayConfig.KEY) config: GatewayConfig,
  ) {
    this.declaration = replyQueueOptions(config.replyQueues);
  }

  async declare(queue: string): Promise<void> {
    await this.attempt('declaring a reply queue', {}, (channel) => channel.assertQueue(queue, this.declaration));
  }

  async delete(queue: string): Promise<void> {
    await this.attempt('deleting a reply queue', {}, (channel) => channel.deleteQueue(queue));
  }

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
      this.release();
      const code = (error as { code?: number }).code;
      if (code !== undefined && code in answers && !onNodeAway(error)) return answers[code];
      throw new BrokerUnavailableError(operation, error);
    }
  }

  /** A channel for one operation: an idle one, a new one while under MAX_CHANNELS, else the next one given back. */
  private async lease(): Promise<Channel> {
    if (this.leased >= MAX_CHANNELS) {
      const handedOver = await new Promise<Channel | undefined>((resolve) => this.waiting.push(resolve));
      if (handedOver) return handedOver;
    }
    this.leased += 1;
    const reused = this.idle.pop();
    if (reused) return reused;
    try {
      return await this.open();
    } catch (error) {
      this.release();
      throw error;
    }
  }

  private async open(): Promise<Channel> {
    const channel = await this.broker.createChannel();
    channel.on('error', (error: Error) => this.logger.debug?.(`Queue admin channel closed: ${error.message}`));
    channel.once('close', () => {
      const index = this.idle.indexOf(channel);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return channel;
  }

  /** A channel that answered "yes" goes on to the next operation waiting, or back to the idle ones. */
  private giveBack(channel: Channel): void {
    const next = this.waiting.shift();
    if (next) return next(channel);
    this.leased -= 1;
    this.idle.push(channel);
  }

  /** A channel that said "no" (the broker closed it) or failed to open: its place goes to whoever waits. */
  private release(): void {
    this.leased -= 1;
    this.waiting.shift()?.(undefined);
  }
}

/**
 * A cluster answers 404 too for a queue whose node is down: it is not gone, only out of reach until
 * that node is back. Checking it then is the broker being unavailable, not the answer being unknown.
 */
function onNodeAway(error: unknown): boolean {
  return /home node .* is down or inaccessible/.test((error as Error).message ?? '');
}
