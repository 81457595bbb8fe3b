import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { securityConfig, SecurityConfig } from '../config/security.config';

export type KeyCheck = { key: string } | { problem: 'missing' | 'incorrect' };

/**
 * API_KEYS, the bearer keys of the OpenAI-compatible API. A key is known by its SHA-256: what is
 * compared, and what names its client for the per-client limits, is the hash, never the key itself,
 * so neither a lookup's timing nor a limit's bookkeeping tells anything of a key.
 */
@Injectable()
export class ApiKeys {
  /** Each key's hash, and the name its client goes by. */
  private readonly clients = new Map<string, string>();

  constructor(@Inject(securityConfig.KEY) config: SecurityConfig) {
    for (const key of config.apiKeys) this.clients.set(sha256(key), `key:${sha256(key).slice(0, 16)}`);
  }

  get required(): boolean {
    return this.clients.size > 0;
  }

  /** The client a request's bearer key names (`key:…`), when keys are required and it is one of them. */
  check(headers: IncomingHttpHeaders): KeyCheck {
    const token = /^Bearer +(\S+) *$/i.exec(headers.authorization ?? '')?.[1];
    if (token === undefined) return { problem: 'missing' };
    const client = this.clients.get(sha256(token));
    return client === undefined ? { problem: 'incorrect' } : { key: client };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
