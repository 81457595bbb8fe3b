import { Logger } from '@nestjs/common';
import { ClientRMQ } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { amqpConnectionOptions } from './amqp-connection-options';

/** How long a probe waits for a new connection to be set up. */
const PROBE_TIMEOUT_MS = 3000;
/** An answer is reused this long: probing costs at most one broker connection per interval. */
const ANSWER_REUSE_MS = 2000;

/** Says nothing: a probe that fails is an answer, not an event for the log. */
class QuietLogger extends Logger {
  override log(): void {}
  override error(): void {}
  override warn(): void {}
}

/**
 * Nest's RMQ client, with two fixes for use as a probe. Its channel's 'error' event had no listener,
 * so a setup that failed (the client closed while connecting, or a slow broker) ended the process;
 * and it logs every connect.
 */
class ProbeClientRMQ extends ClientRMQ {
  protected override readonly logger = new QuietLogger(ProbeClientRMQ.name);

  override createChannel(): Promise<void> {
    const created = super.createChannel();
    (this.channel as EventEmitter | null)?.on('error', () => undefined);
    return created;
  }
}

/**
 * Whether the broker accepts a new client right now, the way a fresh gateway or worker would connect,
 * with a short-lived Nest RMQ client (@nestjs/microservices). Not terminus' MicroserviceHealthIndicator:
 * on a timeout it leaves its client connecting, never closed, and a load balancer probing a slow
 * broker would pile up connections. Here one probe runs at a time, its answer is reused for a moment,
 * and the client is always closed.
 */
export class BrokerClientsProbe {
  private running?: Promise<boolean>;
  private last?: { at: number; accepts: boolean };

  /** `appName` names the probe's connections in `rabbitmqctl list_connections`. */
  constructor(
    private readonly urls: string[],
    private readonly appName: string,
  ) {}

  acceptsClients(): Promise<boolean> {
    if (this.last && Date.now() - this.last.at < ANSWER_REUSE_MS) return Promise.resolve(this.last.accepts);
    this.running ??= this.probe().then((accepts) => {
      this.last = { at: Date.now(), accepts };
      this.running = undefined;
      return accepts;
    });
    return this.running;
  }

  private async probe(): Promise<boolean> {
    const client = new ProbeClientRMQ({
      urls: this.urls,
      noAssert: true,
      socketOptions: { connectionOptions: { ...amqpConnectionOptions(this.appName).connectionOptions, timeout: PROBE_TIMEOUT_MS } },
    });
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    const timeout = new AbortController();
    const accepts = await Promise.race([connected, sleep(PROBE_TIMEOUT_MS, false, { signal: timeout.signal }).catch(() => false)]);
    timeout.abort();
    await client.close().catch(() => undefined);
    return accepts;
  }
}
