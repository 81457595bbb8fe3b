import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, ConsumeMessage } from 'amqplib';
import { RELAY_CLAIMS_EXCHANGE, RelayClaimMessage, readRelayClaim } from '@app/contracts';
import { BrokerConnection } from '../../broker/broker-connection';
import { AnswerExpiry } from '../../reply-queues/answer-expiry';
import { isNewerClaim } from './claim-order';

/** A relay that can be told about other relays of its answer. */
export interface ClaimHolder {
  readonly messageId: string;
  readonly claim: string;
  heardClaim(claim: string): void;
}

/**
 * One relay per answer, across every gateway. A relay announces its claim when it starts; every
 * gateway hears every claim (a fanout with a queue per gateway), and tells its own relay of that
 * answer, which lets go if the claim is newer than its own. Claims are ordered the same way
 * everywhere, so of two racing relays exactly one relays the answer. A claim also cancels this
 * gateway's expiry timer of the answer: the new relay sees to the answer from then on.
 */
@Injectable()
export class RelayClaims implements OnModuleInit {
  private readonly holders = new Map<string, ClaimHolder>();
  private channel: ChannelWrapper;
  private readonly logger = new Logger(RelayClaims.name);

  constructor(
    private readonly broker: BrokerConnection,
    private readonly expiry: AnswerExpiry,
  ) {}

  onModuleInit(): void {
    // A channel wrapper re-runs this setup, with a new queue of this gateway's, after every reconnect.
    this.channel = this.broker.manager.createChannel({
      setup: async (channel: Channel) => {
        await channel.assertExchange(RELAY_CLAIMS_EXCHANGE, 'fanout', { durable: true });
        const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
        await channel.bindQueue(queue, RELAY_CLAIMS_EXCHANGE, '');
        await channel.consume(queue, (message) => message && this.heard(message), { noAck: true });
      },
    });
    this.channel.on('error', (error: Error) => this.logger.warn(`Claims channel failed: ${error.message}`));
  }

  /** Makes `holder` this gateway's relay of its answer, tells the one it replaces, and tells every other gateway. */
  announce(holder: ClaimHolder): void {
    const local = this.holders.get(holder.messageId);
    if (local !== holder && (!local || isNewerClaim(holder.claim, local.claim))) {
      this.holders.set(holder.messageId, holder);
      local?.heardClaim(holder.claim);
    }
    const claim: RelayClaimMessage = { message_id: holder.messageId, claim: holder.claim };
    this.channel.publish(RELAY_CLAIMS_EXCHANGE, '', Buffer.from(JSON.stringify(claim))).catch((error: Error) => {
      this.logger.warn(`Could not announce a claim on message ${holder.messageId}: ${error.message}`);
    });
  }

  /** Whether a relay of this gateway holds the answer now. */
  holds(messageId: string): boolean {
    return this.holders.has(messageId);
  }

  withdraw(holder: ClaimHolder): void {
    if (this.holders.get(holder.messageId) === holder) this.holders.delete(holder.messageId);
  }

  private heard(message: ConsumeMessage): void {
    const claim = readRelayClaim(message.content);
    if (claim === null) return;
    this.expiry.forget(claim.message_id);
    this.holders.get(claim.message_id)?.heardClaim(claim.claim);
  }
}
