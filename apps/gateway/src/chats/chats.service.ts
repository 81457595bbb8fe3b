import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RequestsPublisher } from '../broker/requests-publisher';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { AnswerExpiry } from '../reply-queues/answer-expiry';
import { ReplyQueues } from '../reply-queues/reply-queues';
import { MessageIds } from '../security/message-ids';
import { DEFAULT_CHAT_TITLE, needsTitle, titleFromText } from './chat-title';
import { ChatStartedDto } from './dto/chat-started.dto';
import { MessageAcceptedDto } from './dto/message-accepted.dto';
import { SendMessageDto } from './dto/send-message.dto';

@Injectable()
export class ChatsService {
  private readonly logger = new Logger(ChatsService.name);

  constructor(
    private readonly replyQueues: ReplyQueues,
    private readonly requests: RequestsPublisher,
    private readonly messageIds: MessageIds,
    private readonly expiry: AnswerExpiry,
    @Inject(securityConfig.KEY) private readonly security: SecurityConfig,
  ) {}

  startChat(): ChatStartedDto {
    return { chat_id: randomUUID(), chat_title: DEFAULT_CHAT_TITLE };
  }

  /**
   * Declares the reply queue before publishing, so no word can be published into nothing, and
   * answers only once the broker has confirmed the request. A failed publish removes the queue again;
   * an answer nobody starts streaming within UNREAD_TIMEOUT_MS is deleted.
   */
  async sendMessage(chatId: string, { text, chat_title }: SendMessageDto, clientKey: string): Promise<MessageAcceptedDto> {
    const accepted: MessageAcceptedDto = {
      chat_id: chatId,
      chat_title: needsTitle(chat_title) ? titleFromText(text) : chat_title!,
      message_id: this.messageIds.newFor(chatId),
    };
    await this.replyQueues.declare(accepted.message_id);
    try {
      await this.requests.publish({ ...accepted, text }, clientKey);
    } catch (error) {
      await this.replyQueues
        .delete(accepted.message_id)
        .catch((cleanupError: Error) =>
          this.logger.warn(`Reply queue of unpublished message ${accepted.message_id} left to expire: ${cleanupError.message}`),
        );
      throw error;
    }
    this.expiry.expireAfter(accepted.message_id, this.security.unreadTimeoutMs, 'unread');
    return accepted;
  }
}
