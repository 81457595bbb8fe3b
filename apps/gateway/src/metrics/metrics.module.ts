import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';

/** GatewayMetrics, global so that every feature can count what it does; served by OperationsListener. */
@Global()
@Module({
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
