import { Module } from '@nestjs/common';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueProbe } from './reply-queue-probe';
import { ReplyQueues } from './reply-queues.service';

@Module({
  providers: [ReplyChannelPool, ReplyQueueProbe, ReplyQueues],
  exports: [ReplyQueues],
})
export class ReplyQueuesModule {}
