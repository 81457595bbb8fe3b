import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHmac } from 'node:crypto';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { ApiKeys } from './api-keys';
import { clientGroup } from './client-group';
import { MessageIds } from './message-ids';

/**
 * Who a request comes from, for the per-client limits: its address (Express' req.ip, which follows
 * X-Forwarded-For only as far as TRUST_PROXY allows), an IPv6 one by its network of
 * IPV6_CLIENT_PREFIX bits. Workers get a key made from it instead, which tells them one client from
 * another and nothing about the address; it is made under the deployment's secret, so that every
 * gateway gives a client the same one. With API_KEYS, a request bearing one of the keys is its key's
 * client, wherever it comes from.
 */
@Injectable()
export class ClientIdentity {
  constructor(
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
    private readonly messageIds: MessageIds,
    private readonly apiKeys: ApiKeys,
  ) {}

  /** What every per-client limit counts by: the throttler, MAX_STREAMS_PER_CLIENT, the workers' fairness. */
  clientKey(request: Request): string {
    const check = this.apiKeys.required ? this.apiKeys.check(request.headers) : undefined;
    if (check && 'key' in check) return check.key;
    return clientGroup(request.ip ?? request.socket.remoteAddress ?? 'unknown', this.config.ipv6ClientPrefix);
  }

  /** Throws BrokerUnavailableError (503) while the deployment's secret is not known yet. */
  workerKey(request: Request): string {
    return createHmac('sha256', this.messageIds.secret.current).update(this.clientKey(request)).digest('base64url').slice(0, 16);
  }
}
