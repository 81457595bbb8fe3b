import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module';
import { BrokerProbe } from './broker-probe';
import { HealthController } from './health.controller';

@Module({
  imports: [StreamsModule],
  controllers: [HealthController],
  providers: [BrokerProbe],
})
export class HealthModule {}
