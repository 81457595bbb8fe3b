import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { ChatsModule } from '../chats/chats.module';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { StreamsModule } from '../streams/streams.module';
import { LatestAnswers } from './latest-answers';
import { UiChatController } from './ui-chat.controller';
import { UiChatService } from './ui-chat.service';

/** The Vercel AI SDK's chat protocol (useChat), over the same relay as the page. */
@Module({
  imports: [ChatsModule, ReplyQueuesModule, StreamsModule],
  controllers: [UiChatController],
  providers: [UiChatService, LatestAnswers],
})
export class UiChatModule {
  /** Mounted at `path` (UI_CHAT_PATH), where the app's useChat transport posts. */
  static at(path: string): DynamicModule {
    return { module: UiChatModule, imports: [RouterModule.register([{ path, module: UiChatModule }])] };
  }
}
