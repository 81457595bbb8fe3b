import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { messageIdSecretStream } from '@app/contracts';
import { BrokerConnection } from '../broker/broker-connection';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { MessageIdSecret } from './message-id-secret/message-id-secret';

/**
 * Message ids that carry their chat: a UUID v4 whose last eight bytes are an HMAC, under the
 * deployment's secret, of the chat id and the first eight (random) bytes. Any gateway with the same
 * secret tells, without state, whether a message belongs to the chat a request names. Both throw
 * BrokerUnavailableError (503) while the secret is not known yet.
 */
@Injectable()
export class MessageIds implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly secret: MessageIdSecret;

  constructor(@Inject(securityConfig.KEY) config: SecurityConfig, @Inject(amqpConfig.KEY) amqp: AmqpConfig, broker: BrokerConnection) {
    this.secret =
      config.messageIdSecret !== undefined
        ? MessageIdSecret.given(config.messageIdSecret)
        : MessageIdSecret.sharedThrough({ stream: messageIdSecretStream(amqp.requestsQueue), openChannel: () => broker.createChannel() });
  }

  /** After every module's init, so that the broker connection has had its chance to come up. */
  onApplicationBootstrap(): Promise<void> {
    return this.secret.start();
  }

  onApplicationShutdown(): void {
    this.secret.stop();
  }

  newFor(chatId: string): string {
    const head = randomBytes(8);
    head[6] = 0x40 | (head[6] & 0x0f);
    return formatV4(head, this.sign(chatId, head));
  }

  belongsTo(messageId: string, chatId: string): boolean {
    const bytes = Buffer.from(messageId.replace(/-/g, ''), 'hex');
    if (bytes.length !== 16) return false;
    const head = bytes.subarray(0, 8);
    return formatV4(head, this.sign(chatId, head)) === messageId.toLowerCase();
  }

  private sign(chatId: string, head: Buffer): Buffer {
    return createHmac('sha256', this.secret.current).update(chatId.toLowerCase()).update(head).digest().subarray(0, 8);
  }
}

/** A UUID of the two halves, with the variant bits (10xx) that a random UUID v4 has; `head` carries the version. */
function formatV4(head: Buffer, tail: Buffer): string {
  const uuid = Buffer.concat([head, tail]);
  uuid[8] = 0x80 | (uuid[8] & 0x3f);
  const hex = uuid.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
