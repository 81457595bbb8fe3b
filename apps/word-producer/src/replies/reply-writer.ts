import { Inject, Injectable, Logger } from '@nestjs/common';
import { isChannelClosed } from '@app/amqp';
import { ChatRequestMessage, endMessage, messageHeader, replyQueueName } from '@app/contracts';
import { wordProducerConfig, WordProducerConfig } from '../config/word-producer.config';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { answerTokens } from '../generation/answer';
import { paced } from '../generation/paced';
import { ReplyPublisher } from './reply-publisher';
import { ReplyStream } from './reply-stream';

/**
 * abandoned: nobody listens any more; superseded: the words' channel closed (isChannelClosed), so the
 * request is to be answered again from its first word.
 */
export type ReplyOutcome = 'completed' | 'abandoned' | 'superseded';

/** Writes the reply to one request: its answer, generated word by word, then the end, to its reply queue. */
@Injectable()
export class ReplyWriter {
  private readonly logger = new Logger(ReplyWriter.name);

  constructor(
    private readonly publisher: ReplyPublisher,
    @Inject(wordProducerConfig.KEY) private readonly config: WordProducerConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  async write(request: ChatRequestMessage): Promise<ReplyOutcome> {
    const replies = await this.publisher.start(replyQueueName(request.message_id));
    try {
      return await this.publishAnswer(request, replies);
    } catch (error) {
      if (isChannelClosed(error)) return 'superseded';
      throw error;
    } finally {
      this.publisher.finish(replies);
    }
  }

  private async publishAnswer(request: ChatRequestMessage, replies: ReplyStream): Promise<ReplyOutcome> {
    const header = messageHeader(request);
    let seq = 0;
    for await (const { text, sep } of paced(answerTokens(request.text), this.config.wordDelayMs)) {
      if (replies.gone) return this.abandon(request, seq);
      seq += 1;
      await replies.send({ ...header, text, sep, seq });
      this.metrics.counts.wordsPublished += 1;
    }
    await replies.send(endMessage(header, { seq: seq + 1 }));
    await replies.settled();
    return replies.gone ? this.abandon(request, seq + 1) : 'completed';
  }

  private abandon(request: ChatRequestMessage, seq: number): ReplyOutcome {
    this.metrics.counts.answersStopped += 1;
    this.logger.log(`Stopped answering message ${request.message_id} at word ${seq}: its reply queue is gone`);
    return 'abandoned';
  }
}
