import { Module } from '@nestjs/common';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';
import { RelayClaims } from './takeover/relay-claims';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [StreamsController],
  providers: [StreamsService, RelayClaims],
  exports: [StreamsService],
})
export class StreamsModule {}
