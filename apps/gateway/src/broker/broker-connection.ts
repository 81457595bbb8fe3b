import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import amqp, { AmqpConnectionManager } from 'amqp-connection-manager';
import { Channel } from 'amqplib';
import { amqpConnectionOptions, coalesceFrameWrites, tolerateLateChannelFrames } from '@app/amqp';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** How long start-up waits for the broker before serving anyway (and answering 503 until it connects). */
const STARTUP_CONNECT_TIMEOUT_MS = 3000;

/**
 * The gateway's two broker connections; each reconnects by itself. `manager` publishes requests,
 * claims and transcripts and administers queues; `consumers` carries the reply consumers only. A
 * consumer channel is the one a client's actions can get closed (a consume that races a delete on
 * another gateway), and amqplib can lose its whole connection over such a close: kept apart, that
 * never makes a POST fail.
 */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  readonly manager: AmqpConnectionManager;
  readonly consumers: AmqpConnectionManager;
  private readonly logger = new Logger(BrokerConnection.name);

  constructor(@Inject(amqpConfig.KEY) config: AmqpConfig, metrics: GatewayMetrics) {
    this.manager = this.connect(config, 'gateway', metrics);
    this.consumers = this.connect(config, 'gateway-consumers', metrics);
  }

  async onModuleInit(): Promise<void> {
    const connected = [this.manager, this.consumers].map((manager) => manager.connect({ timeout: STARTUP_CONNECT_TIMEOUT_MS }));
    await Promise.all(connected).catch(() => {
      this.logger.warn('Serving without a broker for now; requests get 503 until it connects');
    });
  }

  get isConnected(): boolean {
    return this.manager.isConnected() && this.consumers.isConnected();
  }

  /** A plain channel for queue operations, on the live connection; not replayed on reconnect. */
  createChannel(): Promise<Channel> {
    return this.openOn(this.manager);
  }

  /** A plain channel for reply consumers, on the consumers' connection. */
  createConsumerChannel(): Promise<Channel> {
    return this.openOn(this.consumers);
  }

  async onApplicationShutdown(): Promise<void> {
    // Closes every channel made on them too, the channel wrappers included.
    await Promise.all([this.manager.close(), this.consumers.close()]);
    this.logger.log('Closed the broker connections');
  }

  private connect(config: AmqpConfig, name: string, metrics: GatewayMetrics): AmqpConnectionManager {
    const manager = amqp.connect(config.urls, amqpConnectionOptions(name));
    coalesceFrameWrites(manager);
    tolerateLateChannelFrames(manager);
    let connections = 0;
    manager.on('connect', () => {
      if (connections++ > 0) metrics.counts.brokerReconnects += 1;
      this.logger.log(`Connected to the broker (${name})`);
    });
    manager.on('disconnect', ({ err }) => this.logger.warn(`Lost the broker connection (${name}): ${err?.message ?? 'closed'}`));
    manager.on('connectFailed', ({ err }) => this.logger.warn(`Cannot reach the broker (${name}): ${err?.message}`));
    return manager;
  }

  private async openOn(manager: AmqpConnectionManager): Promise<Channel> {
    const connection = manager.connection;
    if (!connection) throw new BrokerUnavailableError('not connected');
    try {
      return await connection.createChannel();
    } catch (error) {
      throw new BrokerUnavailableError('opening a channel', error);
    }
  }
}
