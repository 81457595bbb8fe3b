import { Module } from '@nestjs/common';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { AnswerExpiry } from './retention/answer-expiry';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';
import { RelayClaims } from './takeover/relay-claims';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [StreamsController],
  providers: [StreamsService, RelayClaims, AnswerExpiry],
  exports: [StreamsService, AnswerExpiry],
})
export class StreamsModule {}
