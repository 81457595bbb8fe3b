import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { GenerationModule } from '../generation/generation.module';
import { ReplyPublisher } from './reply-publisher';
import { ReplyWriter } from './reply-writer';

@Module({
  imports: [BrokerModule, GenerationModule],
  providers: [ReplyWriter, ReplyPublisher],
  exports: [ReplyWriter],
})
export class RepliesModule {}
