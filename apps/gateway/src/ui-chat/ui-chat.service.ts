import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChatTurn } from '@app/contracts';
import { conversationProblem } from '../chats/conversation-limits';
import { MessageDispatch } from '../chats/message-dispatch';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { CHAT_POOL, ReadyReplyQueues } from '../reply-queues/ready-reply-queues';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { ClientIdentity } from '../security/client-identity';
import { MessageIds } from '../security/message-ids';
import { namedUuid } from '../security/named-uuid';
import { StreamsService } from '../streams/streams.service';
import { UiChatRequestDto, UiMessageDto } from './dto/ui-chat-request.dto';
import { LatestAnswers } from './latest-answers';
import { uiMessageStream } from './ui-message-stream';

const NOTHING_TO_STOP = 'The chat has no answer in progress or kept: it was stopped, released or expired, or there was none';

/** What the chat's answers are bound to (MessageIds): its id, which the SDK makes up, named as a UUID. */
function ownerOf(chatId: string): string {
  return namedUuid(`ui-chat:${chatId}`);
}

/** A UI message's text: its text parts, joined. */
function textOf(message: UiMessageDto): string {
  return message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('');
}

/**
 * The Vercel AI SDK's chat protocol over the same relay as the page: a message per POST, answered as
 * a UI message stream; the chat's latest answer kept where every gateway finds it (LatestAnswers), for
 * the SDK's resume on mount and for a stop.
 */
@Injectable()
export class UiChatService {
  constructor(
    private readonly dispatch: MessageDispatch,
    private readonly streams: StreamsService,
    private readonly latest: LatestAnswers,
    private readonly messageIds: MessageIds,
    private readonly readyQueues: ReadyReplyQueues,
    private readonly identity: ClientIdentity,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  async send(body: UiChatRequestDto, request: Request, response: Response): Promise<void> {
    const messages = this.conversationOf(body);
    const owner = ownerOf(body.id);
    const pool = { key: `ui-chat:${owner}`, newId: () => this.messageIds.newFor(owner), size: CHAT_POOL };
    const messageId = await this.readyQueues.withReadyQueue(pool, async (messageId) => {
      const chatRequest = { chat_id: owner, chat_title: '', message_id: messageId, text: messages.at(-1)!.content, messages };
      await Promise.all([this.dispatch.dispatch(chatRequest, this.identity.workerKey(request)), this.latest.set(body.id, messageId)]).catch(
        async (error: unknown) => {
          // Queued but not findable, it would run for nobody: stop it.
          await this.streams.delete(messageId).catch(() => undefined);
          throw error;
        },
      );
      return messageId;
    });
    const target = { chatId: owner, messageId, resumeAfter: 0, known: true };
    await this.streams.open(target, response, this.identity.clientKey(request), uiMessageStream(messageId));
  }

  /** The chat's latest answer, whole, then live; false (for a 204) when it has none in progress or kept. */
  async resume(chatId: string, request: Request, response: Response): Promise<boolean> {
    const messageId = await this.latestOf(chatId);
    if (messageId === undefined) return false;
    try {
      await this.streams.open(
        { chatId: ownerOf(chatId), messageId, resumeAfter: 0 },
        response,
        this.identity.clientKey(request),
        uiMessageStream(messageId),
      );
      return true;
    } catch (error) {
      if (error instanceof ReplyQueueNotFoundError) return false;
      throw error;
    }
  }

  /** Whether the chat has an answer to resume; nothing is opened or taken over. */
  async hasAnswer(chatId: string): Promise<boolean> {
    const messageId = await this.latestOf(chatId);
    if (messageId === undefined) return false;
    try {
      await this.streams.assertStreamable(messageId);
      return true;
    } catch (error) {
      if (error instanceof ReplyQueueNotFoundError) return false;
      throw error;
    }
  }

  /** Stops the chat's latest answer (its worker and model request), or releases it once finished. */
  async stop(chatId: string): Promise<void> {
    const messageId = await this.latestOf(chatId);
    try {
      if (messageId === undefined) throw new ReplyQueueNotFoundError(chatId);
      await this.streams.delete(messageId);
    } catch (error) {
      if (error instanceof ReplyQueueNotFoundError) throw new NotFoundException(NOTHING_TO_STOP);
      throw error;
    }
  }

  private async latestOf(chatId: string): Promise<string | undefined> {
    const messageId = await this.latest.get(chatId);
    return messageId !== undefined && this.messageIds.belongsTo(messageId, ownerOf(chatId)) ? messageId : undefined;
  }

  /** The conversation to answer: each message's text, the last one the user's. */
  private conversationOf(body: UiChatRequestDto): ChatTurn[] {
    const turns = body.messages.map((message) => ({ role: message.role, content: textOf(message) }));
    const problem = conversationProblem(turns, this.config);
    if (problem !== undefined) throw new BadRequestException(problem);
    return turns.filter((turn, index) => index === turns.length - 1 || turn.content !== '');
  }
}
