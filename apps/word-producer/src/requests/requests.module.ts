import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { RepliesModule } from '../replies/replies.module';
import { RequestsHandler } from './requests.handler';

@Module({
  imports: [BrokerModule, RepliesModule],
  providers: [RequestsHandler],
  exports: [RequestsHandler],
})
export class RequestsModule {}
