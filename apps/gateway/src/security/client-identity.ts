import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHmac } from 'node:crypto';
import { securityConfig, SecurityConfig } from '../config/security.config';

/**
 * Who a request comes from, for the per-client limits: its address (Express' req.ip, which follows
 * X-Forwarded-For only as far as TRUST_PROXY allows). Workers get a key made from it instead, which
 * tells them one client from another and nothing about the address.
 */
@Injectable()
export class ClientIdentity {
  constructor(@Inject(securityConfig.KEY) private readonly config: SecurityConfig) {}

  address(request: Request): string {
    return request.ip ?? request.socket.remoteAddress ?? 'unknown';
  }

  workerKey(request: Request): string {
    return createHmac('sha256', this.config.messageIdSecret).update(this.address(request)).digest('base64url').slice(0, 16);
  }
}
