import { Module } from '@nestjs/common';
import { ReplyQueuesModule } from '../reply-queues/reply-queues.module';
import { StreamsController } from './streams.controller';
import { ResumeWindow } from './resume-window';
import { StreamsService } from './streams.service';

@Module({
  imports: [ReplyQueuesModule],
  controllers: [StreamsController],
  providers: [StreamsService, ResumeWindow],
  exports: [StreamsService],
})
export class StreamsModule {}
