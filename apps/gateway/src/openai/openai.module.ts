import { Module } from '@nestjs/common';
import { ChatsModule } from '../chats/chats.module';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { StreamsModule } from '../streams/streams.module';
import { ChatCompletionsController } from './chat-completions.controller';
import { CompletionIds } from './completion-ids';
import { CompletionsService } from './completions.service';
import { ModelsController } from './models.controller';

/** The OpenAI-compatible API (/v1): Chat Completions over the same relay as the chat page. */
@Module({
  imports: [ChatsModule, StreamsModule, ReplyQueuesModule],
  controllers: [ChatCompletionsController, ModelsController],
  providers: [CompletionsService, CompletionIds],
})
export class OpenAiModule {}
