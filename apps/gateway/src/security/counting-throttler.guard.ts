import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ClientIdentity } from './client-identity';
import { LIMIT_KIND, LimitKind, tooManyRequests } from './request-limits';

/**
 * ThrottlerGuard keyed by ClientIdentity (the client as every other limit sees it), answering with
 * Retry-After and words that say which limit was hit, and counting its refusals for GET /metrics.
 */
@Injectable()
export class CountingThrottlerGuard extends ThrottlerGuard {
  @Inject(GatewayMetrics) private readonly metrics!: GatewayMetrics;
  @Inject(ClientIdentity) private readonly identity!: ClientIdentity;
  @Inject(securityConfig.KEY) private readonly config!: SecurityConfig;

  protected getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(this.identity.clientKey(request as unknown as Request));
  }

  /** Per client and limit, whichever route: GET, HEAD and DELETE of a stream share one budget. */
  protected generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}-${tracker}`;
  }

  protected throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.metrics.counts.rateLimited += 1;
    const response = context.switchToHttp().getResponse<Response>();
    if (!response.hasHeader('Retry-After')) response.setHeader('Retry-After', detail.timeToBlockExpire);
    const kind = this.reflector.getAllAndOverride<LimitKind | undefined>(LIMIT_KIND, [context.getHandler(), context.getClass()]);
    throw new ThrottlerException(tooManyRequests(kind, this.config));
  }
}
