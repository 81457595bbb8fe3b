import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AnswerTranscriptMessage, replyQueueName, TRANSCRIPT_MESSAGE_TYPE } from '@app/contracts';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import { ConfirmedPublisher } from '../broker/confirmed-publisher';

const PUBLISHING = 'publishing a transcript';

/**
 * Puts a finished answer back in its reply queue as one transcript, and resolves only once the broker
 * has confirmed it: the relay acks the answer's word messages after that, never before.
 */
@Injectable()
export class TranscriptPublisher extends ConfirmedPublisher implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(broker: BrokerConnection) {
    super(broker, { operation: PUBLISHING, channel: 'Transcript' });
  }

  /** The connection is about to close, and give back what it holds; a publish now would wait for nothing. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async publish(transcript: AnswerTranscriptMessage): Promise<void> {
    if (this.shuttingDown) throw new BrokerUnavailableError(PUBLISHING);
    await this.publishConfirmed(replyQueueName(transcript.message_id), transcript, {
      type: TRANSCRIPT_MESSAGE_TYPE,
      messageId: transcript.message_id,
    });
  }
}
