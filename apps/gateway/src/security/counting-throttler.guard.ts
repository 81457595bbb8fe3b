import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { GatewayMetrics } from '../metrics/gateway-metrics';

/** ThrottlerGuard, counting the requests it refuses for GET /metrics. */
@Injectable()
export class CountingThrottlerGuard extends ThrottlerGuard {
  @Inject(GatewayMetrics) private readonly metrics!: GatewayMetrics;

  protected throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.metrics.counts.rateLimited += 1;
    return super.throwThrottlingException(context, detail);
  }
}
