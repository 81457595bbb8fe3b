import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerClientsProbe } from '@app/amqp';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { BrokerConnection } from '../broker/broker-connection';
import { StreamsService } from '../streams/streams.service';

/** What the gateway's health is made of, each a terminus indicator. */
@Injectable()
export class GatewayHealth {
  private readonly probe: BrokerClientsProbe;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly broker: BrokerConnection,
    private readonly streams: StreamsService,
    @Inject(amqpConfig.KEY) config: AmqpConfig,
  ) {
    this.probe = new BrokerClientsProbe(config.urls, 'gateway-health-probe');
  }

  /** The gateway's own broker connection is up: known without asking the broker. */
  connection(): HealthIndicatorResult {
    const check = this.indicators.check('broker');
    return this.broker.isConnected ? check.up() : check.down({ message: 'The gateway has no broker connection; it reconnects by itself' });
  }

  /** Open event streams and the reply consumers behind them: information, never a failure. */
  load(): HealthIndicatorResult {
    return this.indicators.check('streams').up(this.streams.load);
  }

  /** A new client (a gateway or worker starting now) could connect to the broker. */
  async newClients(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('brokerAcceptsClients');
    return (await this.probe.acceptsClients()) ? check.up() : check.down({ message: 'The broker does not accept new clients' });
  }
}
