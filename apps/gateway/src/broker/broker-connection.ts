import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import amqp, { AmqpConnectionManager } from 'amqp-connection-manager';
import { Channel } from 'amqplib';
import { amqpConnectionOptions, coalesceFrameWrites } from '@app/amqp';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** How long start-up waits for the broker before serving anyway (and answering 503 until it connects). */
const STARTUP_CONNECT_TIMEOUT_MS = 3000;

/** The gateway's one broker connection; it reconnects by itself. */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  readonly manager: AmqpConnectionManager;
  private readonly logger = new Logger(BrokerConnection.name);

  constructor(@Inject(amqpConfig.KEY) config: AmqpConfig, metrics: GatewayMetrics) {
    this.manager = amqp.connect(config.urls, amqpConnectionOptions('gateway'));
    coalesceFrameWrites(this.manager);
    let connections = 0;
    this.manager.on('connect', () => {
      if (connections++ > 0) metrics.counts.brokerReconnects += 1;
      this.logger.log('Connected to the broker');
    });
    this.manager.on('disconnect', ({ err }) => this.logger.warn(`Lost the broker connection: ${err?.message ?? 'closed'}`));
    this.manager.on('connectFailed', ({ err }) => this.logger.warn(`Cannot reach the broker: ${err?.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.manager.connect({ timeout: STARTUP_CONNECT_TIMEOUT_MS }).catch(() => {
      this.logger.warn('Serving without a broker for now; requests get 503 until it connects');
    });
  }

  get isConnected(): boolean {
    return this.manager.isConnected();
  }

  /** A plain channel on the live connection, for work that must not be replayed on reconnect. */
  async createChannel(): Promise<Channel> {
    const connection = this.manager.connection;
    if (!connection) throw new BrokerUnavailableError('not connected');
    try {
      return await connection.createChannel();
    } catch (error) {
      throw new BrokerUnavailableError('opening a channel', error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Closes every channel made on it too, the requests channel wrapper included.
    await this.manager.close();
    this.logger.log('Closed the broker connection');
  }
}
