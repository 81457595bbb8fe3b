import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChatRequestMessage, END_MARKER, responseQueueName, WordMessage } from '@app/contracts';
import { wordProducerConfig, WordProducerConfig } from '../config/word-producer.config';
import { answerWords } from '../generation/answer';
import { paced } from '../generation/paced';
import { ConnectionEpoch } from './connection-epoch';
import { ReplyPublisher } from './reply-publisher';

/** abandoned: nobody listens any more; superseded: the connection dropped and the request will be answered again. */
export type AnswerOutcome = 'completed' | 'abandoned' | 'superseded';

/** Generates the answer to one request and publishes it word by word to the request's reply queue. */
@Injectable()
export class AnswerStreamer {
  private readonly logger = new Logger(AnswerStreamer.name);

  constructor(
    private readonly publisher: ReplyPublisher,
    private readonly connection: ConnectionEpoch,
    @Inject(wordProducerConfig.KEY) private readonly config: WordProducerConfig,
  ) {}

  async stream(request: ChatRequestMessage): Promise<AnswerOutcome> {
    const queue = responseQueueName(request.message_id);
    const header = { chat_id: request.chat_id, chat_title: request.chat_title, message_id: request.message_id };
    const epoch = this.connection.current;
    let seq = 0;
    for await (const text of paced(answerWords(request.text), this.config.wordDelayMs)) {
      if (this.connection.current !== epoch) return 'superseded';
      seq += 1;
      const word: WordMessage = { ...header, text, seq };
      if (!(await this.publisher.publish(queue, word))) return this.abandon(request, seq);
    }
    const end: WordMessage = { ...header, text: END_MARKER, seq: seq + 1, done: true };
    if (!(await this.publisher.publish(queue, end))) return this.abandon(request, seq + 1);
    return 'completed';
  }

  private abandon(request: ChatRequestMessage, seq: number): AnswerOutcome {
    this.logger.log(`Stopped answering message ${request.message_id} at word ${seq}: its reply queue is gone`);
    return 'abandoned';
  }
}
