import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StreamsModule } from '../streams/streams.module';
import { GatewayHealth } from './gateway-health';
import { HealthController } from './health.controller';

@Module({
  // Terminus would log every failed check: a load balancer probing a gateway without its broker
  // would fill the log. The failure is in the answer, and the broker connection logs its own state.
  imports: [TerminusModule.forRoot({ logger: false }), StreamsModule],
  controllers: [HealthController],
  providers: [GatewayHealth],
})
export class HealthModule {}
