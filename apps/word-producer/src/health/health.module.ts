import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerModule } from '../broker/broker.module';
import { RequestsModule } from '../requests/requests.module';
import { HealthController } from './health.controller';
import { WorkerHealth } from './worker-health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BrokerModule, RequestsModule],
  controllers: [HealthController],
  providers: [WorkerHealth],
})
export class HealthModule {}
