import { Module } from '@nestjs/common';
import { AnswerExpiry } from './answer-expiry';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueues } from './reply-queues';
import { TranscriptPublisher } from './transcript-publisher';

@Module({
  providers: [ReplyChannelPool, ReplyQueueAdmin, TranscriptPublisher, ReplyQueues, AnswerExpiry],
  exports: [ReplyQueues, AnswerExpiry],
})
export class ReplyQueuesModule {}
