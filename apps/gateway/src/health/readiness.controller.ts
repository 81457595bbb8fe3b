import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { GatewayHealth } from './gateway-health';

/** On the internal listener (METRICS_PORT) only: it opens broker connections, so it is not for the public. */
@Controller('health')
export class ReadinessController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly gateway: GatewayHealth,
  ) {}

  /** As liveness, and the broker accepts new clients: one short-lived connection per 2 s at most. */
  @Get('ready')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.gateway.connection(), () => this.gateway.load(), () => this.gateway.newClients()]);
  }
}
