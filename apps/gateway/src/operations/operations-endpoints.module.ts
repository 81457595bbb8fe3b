import { DynamicModule, Module, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckService } from '@nestjs/terminus';
import { GatewayHealth } from '../health/gateway-health';
import { ReadinessController } from '../health/readiness.controller';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { MetricsController } from '../metrics/metrics.controller';

/** What the controllers need, taken from the gateway as they are: the same counts, the same probe. */
const SHARED: Type<unknown>[] = [GatewayMetrics, GatewayHealth, HealthCheckService];

/** The internal listener's app: GET /metrics and GET /health/ready, and nothing else. */
@Module({})
export class OperationsEndpointsModule {
  static sharing(gateway: ModuleRef): DynamicModule {
    return {
      module: OperationsEndpointsModule,
      controllers: [MetricsController, ReadinessController],
      // Values, not classes: this app builds none of them, so none is started or stopped twice.
      providers: SHARED.map((type) => ({ provide: type, useValue: gateway.get<unknown>(type, { strict: false }) })),
    };
  }
}
