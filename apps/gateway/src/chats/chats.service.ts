import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChatTurn } from '@app/contracts';
import { CHAT_POOL, ReadyReplyQueues } from '../reply-queues/ready-reply-queues';
import { MessageIds } from '../security/message-ids';
import { DEFAULT_CHAT_TITLE, needsTitle, titleFromText } from './chat-title';
import { ChatStartedDto } from './dto/chat-started.dto';
import { MessageAcceptedDto } from './dto/message-accepted.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { MessageDispatch } from './message-dispatch';

@Injectable()
export class ChatsService {
  constructor(
    private readonly dispatch: MessageDispatch,
    private readonly messageIds: MessageIds,
    private readonly readyQueues: ReadyReplyQueues,
  ) {}

  startChat(): ChatStartedDto {
    return { chat_id: randomUUID(), chat_title: DEFAULT_CHAT_TITLE };
  }

  /**
   * Answers once the broker has confirmed the request; the answer is then streamed by its message id.
   * From a chat's third message on, its reply queue was declared ahead (ReadyReplyQueues).
   */
  async sendMessage(chatId: string, { text, chat_title, history }: SendMessageDto, workerKey: string): Promise<MessageAcceptedDto> {
    const pool = { key: `chat:${chatId.toLowerCase()}`, newId: () => this.messageIds.newFor(chatId), size: CHAT_POOL };
    return this.readyQueues.withReadyQueue(pool, async (messageId) => {
      const accepted: MessageAcceptedDto = {
        chat_id: chatId,
        chat_title: needsTitle(chat_title) ? titleFromText(text) : chat_title!,
        message_id: messageId,
      };
      // Without history the request is the original protocol's, text alone.
      const messages: ChatTurn[] | undefined = history?.length ? [...history, { role: 'user', content: text }] : undefined;
      await this.dispatch.dispatch({ ...accepted, text, ...(messages ? { messages } : {}) }, workerKey);
      return accepted;
    });
  }
}
