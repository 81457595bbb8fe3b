import { Inject, Injectable, Logger } from '@nestjs/common';
import { isChannelClosed } from '@app/amqp';
import { AnswerEnding, ChatRequestMessage, conversationOf, endMessage, messageHeader, replyQueueName, WordMessage } from '@app/contracts';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { ANSWER_GENERATOR, AnswerGenerator, GenerationEnd, GenerationError, GenerationRequest } from '../generation/answer-generator';
import { ReplyPublisher } from './reply-publisher';
import { ReplyStream } from './reply-stream';

/**
 * abandoned: nobody listens any more; superseded: the words' channel closed (isChannelClosed), so the
 * request is to be answered again; failed: the answer ended with an error end message, and is done.
 */
export type ReplyOutcome = 'completed' | 'abandoned' | 'superseded' | 'failed';

/** How the request was delivered: `redelivered` once a worker took it before and did not ack it. */
export interface Delivery {
  redelivered: boolean;
}

export const RESTARTED_MID_ANSWER = 'The worker restarted mid-answer; send the message again';

/** Writes the reply to one request: its answer, as the generator makes it word by word, then the end, to its reply queue. */
@Injectable()
export class ReplyWriter {
  private readonly logger = new Logger(ReplyWriter.name);

  constructor(
    private readonly publisher: ReplyPublisher,
    @Inject(ANSWER_GENERATOR) private readonly generator: AnswerGenerator,
    private readonly metrics: WorkerMetrics,
  ) {}

  async write(request: ChatRequestMessage, { redelivered }: Delivery): Promise<ReplyOutcome> {
    const replies = await this.publisher.start(replyQueueName(request.message_id));
    try {
      // Generated again, another answer's end would be spliced onto the words the gateway already relayed.
      if (redelivered && !this.generator.repeatable) return await this.end(request, replies, { error: RESTARTED_MID_ANSWER });
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
    // Aborted when a word comes back (the reply queue is gone) or the answer is over either way.
    const over = new AbortController();
    let seq = 0;
    let generated: GenerationEnd | void;
    try {
      const words = this.generator.generate(generationRequest(request), AbortSignal.any([replies.stopped, over.signal]));
      for (let next = await words.next(); ; next = await words.next()) {
        if (next.done) {
          generated = next.value;
          break;
        }
        if (replies.gone) return this.abandon(request, seq);
        seq += 1;
        await replies.send({ ...header, text: next.value.text, sep: next.value.sep, seq });
        this.metrics.counts.wordsPublished += 1;
      }
    } catch (error) {
      if (!(error instanceof GenerationError)) throw error;
      if (replies.gone) return this.abandon(request, seq);
      return this.end(request, replies, { seq: seq + 1, error: error.message });
    } finally {
      over.abort();
    }
    if (replies.gone) return this.abandon(request, seq);
    return this.end(request, replies, { seq: seq + 1, ...endingOf(generated) });
  }

  /**
   * The end message, after the words (`seq` its number; undefined, with an error: after whatever words
   * the gateway has, see the end rule in libs/contracts), once the broker has routed everything.
   */
  private async end(
    request: ChatRequestMessage,
    replies: ReplyStream,
    end: Pick<WordMessage, 'seq'> & AnswerEnding,
  ): Promise<ReplyOutcome> {
    await replies.send(endMessage(messageHeader(request), end));
    await replies.settled();
    if (replies.gone) return this.abandon(request, end.seq ?? 0);
    if (end.error === undefined) return 'completed';
    this.metrics.counts.answersFailed += 1;
    this.logger.warn(`Ended message ${request.message_id} with an error: ${end.error}`);
    return 'failed';
  }

  private abandon(request: ChatRequestMessage, seq: number): ReplyOutcome {
    this.metrics.counts.answersStopped += 1;
    this.logger.log(`Stopped answering message ${request.message_id} at word ${seq}: its reply queue is gone`);
    return 'abandoned';
  }
}

function generationRequest(request: ChatRequestMessage): GenerationRequest {
  return { messages: conversationOf(request), maxTokens: request.max_tokens, temperature: request.temperature, stop: request.stop };
}

/** The end message's fields for how the generation ended; `stop` is left unsaid, as the original protocol leaves it. */
function endingOf(generated: GenerationEnd | void): AnswerEnding {
  if (!generated) return {};
  return {
    ...(generated.finishReason === 'length' ? { finish_reason: 'length' } : {}),
    ...(generated.usage ? { usage: generated.usage } : {}),
  };
}
