import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { AnswerTranscriptMessage, replyQueueName, TRANSCRIPT_MESSAGE_TYPE } from '@app/contracts';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

const PUBLISH_TIMEOUT_MS = 5000;

/**
 * Puts a finished answer back in its reply queue as one transcript, and resolves only once the broker
 * has confirmed it: the relay acks the answer's word messages after that, never before.
 */
@Injectable()
export class TranscriptPublisher implements BeforeApplicationShutdown {
  private readonly channel: ChannelWrapper;
  private shuttingDown = false;
  private readonly logger = new Logger(TranscriptPublisher.name);

  constructor(private readonly broker: BrokerConnection) {
    this.channel = broker.manager.createChannel({ confirm: true });
    this.channel.on('error', (error: Error) => this.logger.warn(`Transcript channel failed: ${error.message}`));
  }

  /** The connection is about to close, and give back what it holds; a publish now would wait for nothing. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async publish(transcript: AnswerTranscriptMessage): Promise<void> {
    // The channel wrapper would otherwise hold the transcript until the broker comes back.
    if (!this.broker.isConnected || this.shuttingDown) throw new BrokerUnavailableError('keeping an answer');
    try {
      await this.channel.publish('', replyQueueName(transcript.message_id), Buffer.from(JSON.stringify(transcript)), {
        type: TRANSCRIPT_MESSAGE_TYPE,
        contentType: 'application/json',
        messageId: transcript.message_id,
        timeout: PUBLISH_TIMEOUT_MS,
      });
    } catch (error) {
      throw new BrokerUnavailableError('keeping an answer', error);
    }
  }
}
