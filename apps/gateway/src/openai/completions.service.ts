import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChatRequestMessage } from '@app/contracts';
import { conversationProblem } from '../chats/conversation-limits';
import { MessageDispatch } from '../chats/message-dispatch';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { COMPLETIONS_POOL, ReadyReplyQueues } from '../reply-queues/ready-reply-queues';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { ApiKeys } from '../security/api-keys';
import { ClientIdentity } from '../security/client-identity';
import { StreamsService } from '../streams/streams.service';
import { Completion } from './completion';
import { completionBody } from './completion-body';
import { completionStream } from './completion-chunks';
import { CompletionIds } from './completion-ids';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto';
import { UnknownCompletionError } from './unknown-completion.error';

/** A missing reply queue, said in the completion's terms rather than its message id's. */
async function asCompletion(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    throw error instanceof ReplyQueueNotFoundError ? new UnknownCompletionError() : error;
  }
}

/** A refusal in OpenAI's terms: the status, the words, the field at fault and a code. */
function refused(status: HttpStatus, message: string, param: string | null, code?: string): HttpException {
  return new HttpException({ message, param, code }, status);
}

/**
 * Chat Completions over the same pipeline as the chat page: a request on the requests queue, a reply
 * queue per completion, the relay (resume, takeover, retention, limits), written as OpenAI's chunks
 * or as one `chat.completion`.
 */
@Injectable()
export class CompletionsService {
  constructor(
    private readonly dispatch: MessageDispatch,
    private readonly streams: StreamsService,
    private readonly ids: CompletionIds,
    private readonly readyQueues: ReadyReplyQueues,
    private readonly identity: ClientIdentity,
    private readonly apiKeys: ApiKeys,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  get models(): readonly string[] {
    return this.config.models;
  }

  /** Queues the completion, then relays its answer on `response` as it comes. */
  async create(body: ChatCompletionRequestDto, request: Request, response: Response): Promise<void> {
    const work = await this.dispatched(body, request);
    const completion: Completion = {
      id: work.id,
      created: work.created,
      model: body.model,
      includeUsage: body.stream_options?.include_usage === true,
    };
    const target = { chatId: work.request.chat_id, messageId: work.request.message_id, resumeAfter: 0, known: true };
    const surface = body.stream === true ? completionStream(completion, 0) : completionBody(completion);
    await this.streams.open(target, response, this.identity.clientKey(request), surface);
  }

  /** The stream of a completion from after `resumeAfter`, as `create` would have streamed it. */
  async resume(id: string, resumeAfter: number, includeUsage: boolean, request: Request, response: Response): Promise<void> {
    const owner = this.ownerOf(request);
    const { messageId, created } = this.ids.read(id, owner);
    const completion: Completion = { id, created, model: '', includeUsage };
    const target = { chatId: owner, messageId, resumeAfter };
    await asCompletion(this.streams.open(target, response, this.identity.clientKey(request), completionStream(completion, resumeAfter)));
  }

  /** Throws UnknownCompletionError (404) unless the completion can be streamed; opens and takes over nothing. */
  async assertStreamable(id: string, request: Request): Promise<void> {
    const { messageId } = this.ids.read(id, this.ownerOf(request));
    await asCompletion(this.streams.assertStreamable(messageId));
  }

  /** Stops the completion's worker and upstream, and ends its streams. */
  async cancel(id: string, request: Request): Promise<void> {
    const { messageId } = this.ids.read(id, this.ownerOf(request));
    await asCompletion(this.streams.delete(messageId));
  }

  private ownerOf(request: Request): string {
    const check = this.apiKeys.required ? this.apiKeys.check(request.headers) : undefined;
    return this.ids.ownerOf(check && 'key' in check ? check.key : undefined);
  }

  /** The completion's request, queued, its reply queue taken ready (ReadyReplyQueues). */
  private async dispatched(
    body: ChatCompletionRequestDto,
    request: Request,
  ): Promise<{ id: string; created: number; request: ChatRequestMessage }> {
    if (!this.config.models.includes(body.model)) {
      throw refused(
        HttpStatus.NOT_FOUND,
        `The model \`${body.model}\` does not exist; GET /v1/models lists the models`,
        'model',
        'model_not_found',
      );
    }
    const problem = conversationProblem(body.messages, this.config);
    if (problem !== undefined) throw refused(HttpStatus.BAD_REQUEST, problem, 'messages');
    const owner = this.ownerOf(request);
    const pool = { key: `completions:${owner}`, newId: () => this.ids.newMessageId(owner), size: COMPLETIONS_POOL };
    return this.readyQueues.withReadyQueue(pool, async (messageId) => {
      const created = Math.floor(Date.now() / 1000);
      const chatRequest = requestOf(body, owner, messageId);
      await this.dispatch.dispatch(chatRequest, this.identity.workerKey(request));
      return { id: this.ids.idOf(messageId, created), created, request: chatRequest };
    });
  }
}

/** What the workers are asked: the whole conversation, with the options they take. */
function requestOf(body: ChatCompletionRequestDto, owner: string, messageId: string): ChatRequestMessage {
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  return {
    chat_id: owner,
    chat_title: body.model,
    message_id: messageId,
    text: body.messages[body.messages.length - 1].content,
    messages: body.messages.map(({ role, content }) => ({ role, content })),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
    ...(stop === undefined || stop.length === 0 ? {} : { stop }),
  };
}
