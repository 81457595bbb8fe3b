import { Module } from '@nestjs/common';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueues } from './reply-queues.service';

@Module({
  providers: [ReplyChannelPool, ReplyQueueAdmin, ReplyQueues],
  exports: [ReplyQueues],
})
export class ReplyQueuesModule {}
