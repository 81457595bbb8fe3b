import { ThrottlerOptions } from '@nestjs/throttler';
import { SecurityConfig } from '../config/security.config';

/**
 * The per-client request limits, each a named @nestjs/throttler throttler. The messages' one keeps
 * the name `default`, under which the throttler answers with a plain Retry-After header.
 */
export const MESSAGES = 'default';
export const STREAM_REQUESTS = 'streamRequests';

/** Which limit a route counts against, for the words of its 429. */
export const LIMIT_KIND = 'gateway:limit-kind';
export type LimitKind = 'message' | 'streamRequest';

/** A window of `burst` requests that lasts as long as `perSecond` takes to fill it. */
function window(name: string, burst: number, perSecond: number): ThrottlerOptions {
  return { name, limit: burst, ttl: Math.ceil((burst / perSecond) * 1000), setHeaders: name === MESSAGES };
}

export function requestLimits(config: SecurityConfig): ThrottlerOptions[] {
  return [
    window(MESSAGES, config.messageBurst, config.messageRatePerSecond),
    window(STREAM_REQUESTS, config.streamRequestBurst, config.streamRequestsPerSecond),
  ];
}

export function tooManyRequests(kind: LimitKind | undefined, config: SecurityConfig): string {
  if (kind === 'streamRequest') {
    return `Too many stream requests: at most ${config.streamRequestsPerSecond} a second, ${config.streamRequestBurst} at once; try again after Retry-After seconds`;
  }
  return `Too many messages: at most ${config.messageRatePerSecond} a second, ${config.messageBurst} at once; try again after Retry-After seconds`;
}
