import { Logger } from '@nestjs/common';
import { Channel } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { BrokerUnavailableError } from '../../broker/broker-unavailable.error';
import { firstSecretInStream } from './first-secret-in-stream';

/** How long one attempt waits for the stream's first message. */
const ATTEMPT_TIMEOUT_MS = 5000;
/** Retries back off to this: a gateway that cannot read the secret keeps trying, and logs only new reasons. */
const RETRY_DELAYS_MS = [250, 500, 1000, 2000];

/** Where the gateways of a deployment keep the secret they share, and how to open a channel to it. */
export interface SharedSecretSource {
  stream: string;
  openChannel: () => Promise<Channel>;
}

/**
 * The secret that binds message ids to their chats: MESSAGE_ID_SECRET when it is set, else the one the
 * deployment's gateways agree on through the broker (firstSecretInStream). Until that one is read,
 * there is none, and whatever needs it answers 503: a gateway never makes or checks an id under a
 * secret of its own that the others do not share.
 */
export class MessageIdSecret {
  private value?: string;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private lastFailure?: string;
  private stopped = false;
  private readonly logger = new Logger(MessageIdSecret.name);

  private constructor(private readonly source?: SharedSecretSource) {}

  static given(secret: string): MessageIdSecret {
    const known = new MessageIdSecret();
    known.value = secret;
    return known;
  }

  static sharedThrough(source: SharedSecretSource): MessageIdSecret {
    return new MessageIdSecret(source);
  }

  get known(): boolean {
    return this.value !== undefined;
  }

  /** Throws BrokerUnavailableError (503) while the deployment's secret is not read yet. */
  get current(): string {
    if (this.value === undefined)
      throw new BrokerUnavailableError(`reading the gateways' shared message id secret from ${this.source?.stream}`);
    return this.value;
  }

  /** Resolves after the first attempt, successful or not; failed ones are retried until stop(). */
  async start(): Promise<void> {
    if (this.known || !this.source) return;
    this.logger.log(`MESSAGE_ID_SECRET is unset: using the one the gateways share in the broker stream ${this.source.stream}`);
    await this.attempt(this.source);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async attempt(source: SharedSecretSource): Promise<void> {
    try {
      this.value = await readOnce(source);
      if (this.failures > 0) this.logger.log(`Read the shared message id secret after ${this.failures} failed attempt(s)`);
    } catch (error) {
      this.failures += 1;
      const reason = (error as Error).message;
      if (reason !== this.lastFailure) this.logger.warn(`Cannot read the shared message id secret yet (503 until then): ${reason}`);
      this.lastFailure = reason;
      if (this.stopped) return;
      const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length) - 1];
      this.retryTimer = setTimeout(() => void this.attempt(source), delay).unref();
    }
  }
}

async function readOnce({ stream, openChannel }: SharedSecretSource): Promise<string> {
  const channel = await openChannel();
  // The broker closes the channel on a refused declare; the rejected call already says why.
  channel.on('error', () => undefined);
  try {
    return await firstSecretInStream(channel, stream, randomBytes(32).toString('hex'), ATTEMPT_TIMEOUT_MS);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
