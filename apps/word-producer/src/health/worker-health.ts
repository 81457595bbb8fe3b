import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerClientsProbe } from '@app/amqp';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { RequestsHandler } from '../requests/requests.handler';

/** What the worker's health is made of, each a terminus indicator. */
@Injectable()
export class WorkerHealth {
  private readonly probe: BrokerClientsProbe;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly amqp: AmqpConnection,
    private readonly requests: RequestsHandler,
    @Inject(amqpConfig.KEY) config: AmqpConfig,
  ) {
    this.probe = new BrokerClientsProbe(config.urls, 'word-producer-health-probe');
  }

  /** The worker's broker connection is up: known without asking the broker. */
  connection(): HealthIndicatorResult {
    const check = this.indicators.check('broker');
    return this.amqp.managedConnection.isConnected()
      ? check.up()
      : check.down({ message: 'The worker has no broker connection; it reconnects by itself' });
  }

  /** Answers being generated now, and requests waiting for a slot: information, never a failure. */
  load(): HealthIndicatorResult {
    return this.indicators.check('answers').up(this.requests.slots.load);
  }

  async newClients(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('brokerAcceptsClients');
    return (await this.probe.acceptsClients()) ? check.up() : check.down({ message: 'The broker does not accept new clients' });
  }
}
