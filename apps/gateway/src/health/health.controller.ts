import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { GatewayHealth } from './gateway-health';

/** Public, for load balancers; readiness and metrics are on the internal listener (see OperationsListener). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly gateway: GatewayHealth,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness: the gateway is up and has its broker connection',
    description: 'Answered from what the gateway knows already: no broker round trip, no connection, no log line.',
  })
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.gateway.connection(), () => this.gateway.load()]);
  }
}
