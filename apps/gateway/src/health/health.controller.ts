import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { GatewayHealth } from './gateway-health';

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

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: as liveness, and the broker accepts new clients',
    description: 'Opens a short-lived broker connection at most once every 2 s, however often it is called.',
  })
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.gateway.connection(), () => this.gateway.load(), () => this.gateway.newClients()]);
  }
}
