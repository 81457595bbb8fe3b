import { Module } from '@nestjs/common';
import { AnswerExpiry } from './answer-expiry';
import { ReadyReplyQueues } from './ready-reply-queues';
import { ReplyChannelPool } from './reply-channel-pool';
import { ReplyQueueAdmin } from './reply-queue-admin';
import { ReplyQueues } from './reply-queues';
import { TranscriptPublisher } from './transcript-publisher';

@Module({
  providers: [ReplyChannelPool, ReplyQueueAdmin, TranscriptPublisher, ReplyQueues, AnswerExpiry, ReadyReplyQueues],
  exports: [ReplyQueues, AnswerExpiry, ReadyReplyQueues],
})
export class ReplyQueuesModule {}
