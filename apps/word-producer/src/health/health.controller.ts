import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { WorkerHealth } from './worker-health';

/** Served only when HEALTH_PORT is set; see createWordProducerApp. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly worker: WorkerHealth,
  ) {}

  /** Liveness, from what the worker knows: no broker round trip, no connection, no log line. */
  @Get()
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.worker.connection(), () => this.worker.load()]);
  }

  /** Readiness: liveness, and the broker accepts new clients (one probe connection per 2 s at most). */
  @Get('ready')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.worker.connection(), () => this.worker.load(), () => this.worker.newClients()]);
  }
}
