import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MultipartFieldsMiddleware } from '../http/multipart-fields.middleware';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { ChatsController } from './chats.controller';
import { ChatsService } from './chats.service';
import { MaxTextLengthConstraint } from './max-text-length.constraint';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [ChatsController],
  providers: [ChatsService, MaxTextLengthConstraint],
})
export class ChatsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MultipartFieldsMiddleware).forRoutes({ path: 'start/*chat_id', method: RequestMethod.POST });
  }
}
