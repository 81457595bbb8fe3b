import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { securityConfig, SecurityConfig } from '../config/security.config';

/** What a browser says of where a request comes from, when it fetches or submits for a page. */
const TRUSTED_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Refuses state-changing requests that another website's page makes its visitors' browsers send (a
 * cross-site form or no-cors fetch), judged by Sec-Fetch-Site and Origin, which browsers set and pages
 * cannot forge. The gateway's own page, pages of ALLOWED_ORIGINS, and clients that are not browsers
 * (which send neither header) pass.
 */
@Injectable()
export class CrossSiteGuard implements CanActivate {
  constructor(@Inject(securityConfig.KEY) private readonly config: SecurityConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if (site === undefined && origin === undefined) return true;
    if (typeof site === 'string' && TRUSTED_FETCH_SITES.has(site)) return true;
    if (origin !== undefined && (origin === ownOrigin(request) || this.config.allowedOrigins.includes(origin))) return true;
    throw new ForbiddenException(`Requests from ${origin ?? 'another site'} may not change anything here`);
  }
}

function ownOrigin(request: Request): string {
  return `${request.protocol}://${request.get('host')}`;
}
