import { Module } from '@nestjs/common';
import { BrokerProbe } from './broker-probe';
import { HealthController } from './health.controller';

@Module({
  controllers: [HealthController],
  providers: [BrokerProbe],
})
export class HealthModule {}
