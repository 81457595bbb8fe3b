import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChatRequestMessage } from '@app/contracts';
import { RequestsPublisher } from '../broker/requests-publisher';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { AnswerExpiry } from '../reply-queues/answer-expiry';
import { ReplyQueues } from '../reply-queues/reply-queues';

/**
 * Hands a message to the workers, whichever API it came by. Its reply queue is declared first (ahead,
 * or on the way), so that no word can be published into nothing; then the request goes, confirmed by
 * the broker. A failed publish removes the queue again; an answer nobody starts streaming within
 * UNREAD_TIMEOUT_MS is deleted.
 */
@Injectable()
export class MessageDispatch {
  private readonly logger = new Logger(MessageDispatch.name);

  constructor(
    private readonly replyQueues: ReplyQueues,
    private readonly requests: RequestsPublisher,
    private readonly expiry: AnswerExpiry,
    @Inject(securityConfig.KEY) private readonly security: SecurityConfig,
  ) {}

  /**
   * `request.message_id` is one whose reply queue is declared (ReadyReplyQueues.withReadyQueue).
   * `workerKey` tells the workers which client sent it, for their fairness.
   */
  async dispatch(request: ChatRequestMessage, workerKey: string): Promise<void> {
    try {
      await this.requests.publish(request, workerKey);
    } catch (error) {
      await this.replyQueues
        .delete(request.message_id)
        .catch((cleanupError: Error) =>
          this.logger.warn(`Reply queue of unpublished message ${request.message_id} left to expire: ${cleanupError.message}`),
        );
      throw error;
    }
    this.expiry.expireAfter(request.message_id, this.security.unreadTimeoutMs, 'unread');
  }
}
