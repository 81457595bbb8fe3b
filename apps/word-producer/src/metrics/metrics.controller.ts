import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WorkerMetrics } from './worker-metrics';

/** GET /metrics on HEALTH_PORT, beside the health checks. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: WorkerMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.type(this.metrics.registry.contentType).send(body);
  }
}
