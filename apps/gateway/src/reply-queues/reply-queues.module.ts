import { Module } from '@nestjs/common';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueues } from './reply-queues';
import { TranscriptPublisher } from './transcript-publisher';

@Module({
  providers: [ReplyChannelPool, ReplyQueueAdmin, TranscriptPublisher, ReplyQueues],
  exports: [ReplyQueues],
})
export class ReplyQueuesModule {}
