import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { AnswerStreamer } from './answer-streamer';
import { ReplyPublisher } from './reply-publisher';
import { RequestsHandler } from './requests.handler';

@Module({
  imports: [BrokerModule],
  providers: [RequestsHandler, AnswerStreamer, ReplyPublisher],
  exports: [ReplyPublisher, RequestsHandler],
})
export class RequestsModule {}
