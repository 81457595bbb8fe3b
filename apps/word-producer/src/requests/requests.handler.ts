import { Nack, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger } from '@nestjs/common';
import { ChatRequestMessage, InvalidMessageError, parseMessage } from '@app/contracts';
import { AnswerStreamer } from './answer-streamer';

/** The name of the module-level handler config that says which queue this handler consumes. */
export const REQUESTS_HANDLER = 'requests';

@Injectable()
export class RequestsHandler {
  private readonly logger = new Logger(RequestsHandler.name);

  constructor(private readonly answers: AnswerStreamer) {}

  /**
   * Acked (by returning) only once the broker has routed the answer's end; requeued when the answer
   * was cut short (on a dropped connection the broker requeues it anyway); a malformed request is
   * dropped, never requeued.
   */
  @RabbitSubscribe({ name: REQUESTS_HANDLER })
  async handle(body: unknown): Promise<Nack | void> {
    let request: ChatRequestMessage;
    try {
      request = parseMessage(ChatRequestMessage, body);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      this.logger.warn(`Rejected a request: ${error.message}`);
      return new Nack(false);
    }
    if ((await this.answers.stream(request)) === 'superseded') return new Nack(true);
  }
}
