import { Module } from '@nestjs/common';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { ChatsController } from './chats.controller';
import { ChatsService } from './chats.service';
import { MaxTextLengthConstraint } from './max-text-length.constraint';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [ChatsController],
  providers: [ChatsService, MaxTextLengthConstraint],
})
export class ChatsModule {}
