import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, OnModuleInit } from '@nestjs/common';

/**
 * Counts broker disconnections. A request being answered when the connection drops is redelivered
 * (to this worker or another) and answered again from the start, so the first answer should stop.
 */
@Injectable()
export class ConnectionEpoch implements OnModuleInit {
  private epoch = 0;

  constructor(private readonly amqp: AmqpConnection) {}

  onModuleInit(): void {
    this.amqp.managedConnection.on('disconnect', () => (this.epoch += 1));
  }

  get current(): number {
    return this.epoch;
  }
}
