import { Inject, Injectable } from '@nestjs/common';
import { ClientRMQ } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { amqpConfig, AmqpConfig, amqpConnectionOptions } from '@app/contracts';

const PROBE_TIMEOUT_MS = 3000;

/**
 * Checks that the broker accepts a new client right now, the way a fresh gateway or worker would
 * connect, with a short-lived Nest RMQ client (as @nestjs/terminus does for microservices).
 */
@Injectable()
export class BrokerProbe {
  constructor(@Inject(amqpConfig.KEY) private readonly config: AmqpConfig) {}

  async acceptsClients(): Promise<boolean> {
    const client = new ClientRMQ({
      urls: [this.config.url],
      queue: this.config.requestsQueue,
      noAssert: true,
      socketOptions: { connectionOptions: amqpConnectionOptions('gateway-health-probe').connectionOptions },
    });
    const timeout = new AbortController();
    try {
      const timedOut = sleep(PROBE_TIMEOUT_MS, false, { signal: timeout.signal });
      return await Promise.race([client.connect().then(() => true), timedOut]);
    } catch {
      return false;
    } finally {
      timeout.abort();
      await client.close().catch(() => undefined);
    }
  }
}
