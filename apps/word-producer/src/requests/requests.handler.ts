import { Nack, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { ChatRequestMessage, CLIENT_HEADER, conversationLongerThan, InvalidMessageError, longerThan, parseMessage } from '@app/contracts';
import { REQUESTS_HANDLER } from '../broker/broker.constants';
import { OversizedRequest } from '../broker/request-body';
import { wordProducerConfig, WordProducerConfig } from '../config/word-producer.config';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { AnswerSlots } from './answer-slots';
import { ReplyWriter } from '../replies/reply-writer';

@Injectable()
export class RequestsHandler {
  private readonly logger = new Logger(RequestsHandler.name);
  readonly slots: AnswerSlots;

  constructor(
    private readonly replies: ReplyWriter,
    @Inject(wordProducerConfig.KEY) private readonly config: WordProducerConfig,
    private readonly metrics: WorkerMetrics,
  ) {
    this.slots = new AnswerSlots(config.prefetch, config.answersPerClient, config.answersForNewClients);
    metrics.watch('worker_answers_in_progress', 'Answers being generated now', () => this.slots.load.running);
    metrics.watch('worker_requests_waiting', 'Requests taken from the queue, waiting for a slot', () => this.slots.load.waiting);
  }

  /**
   * Acked (by returning) only once the broker has routed the answer's end; requeued when the answer
   * was cut short (on a dropped connection the broker requeues it anyway); a malformed or oversized
   * request is dropped, never requeued. A request waits for a free slot first (AnswerSlots).
   */
  @RabbitSubscribe({ name: REQUESTS_HANDLER })
  async handle(body: unknown, message: ConsumeMessage): Promise<Nack | void> {
    const request = this.read(body);
    if (!request) return new Nack(false);
    const client = clientOf(message) ?? request.message_id;
    await this.slots.acquire(client);
    try {
      if ((await this.replies.write(request, { redelivered: message.fields.redelivered })) === 'superseded') return new Nack(true);
    } finally {
      this.slots.release(client);
    }
  }

  private read(body: unknown): ChatRequestMessage | undefined {
    try {
      if (body instanceof OversizedRequest) throw new InvalidMessageError(ChatRequestMessage.name, [`the body is ${body.bytes} bytes`]);
      const request = parseMessage(ChatRequestMessage, body);
      if (longerThan(request.text, this.config.maxTextLength)) {
        throw new InvalidMessageError(ChatRequestMessage.name, [`text is longer than ${this.config.maxTextLength} characters`]);
      }
      const longest = this.config.maxTextLength + this.config.maxHistoryLength;
      if (request.messages && conversationLongerThan(request.messages, longest)) {
        throw new InvalidMessageError(ChatRequestMessage.name, [`messages are longer than ${longest} characters in all`]);
      }
      return request;
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      this.metrics.counts.requestsRejected += 1;
      this.logger.warn(`Rejected a request: ${error.message}`);
      return undefined;
    }
  }
}

/** The gateway's key for the client that sent the request; absent from the original gateway's requests. */
function clientOf(message: ConsumeMessage): string | undefined {
  const value: unknown = message.properties.headers?.[CLIENT_HEADER];
  return typeof value === 'string' && value !== '' ? `client:${value}` : undefined;
}
