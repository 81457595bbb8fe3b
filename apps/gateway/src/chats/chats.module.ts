import { Module } from '@nestjs/common';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { ChatsController } from './chats.controller';
import { ChatsService } from './chats.service';
import { MaxHistoryLengthConstraint } from './max-history-length.constraint';
import { MaxTextLengthConstraint } from './max-text-length.constraint';
import { MessageDispatch } from './message-dispatch';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [ChatsController],
  providers: [ChatsService, MaxTextLengthConstraint, MaxHistoryLengthConstraint, MessageDispatch],
  exports: [MessageDispatch],
})
export class ChatsModule {}
