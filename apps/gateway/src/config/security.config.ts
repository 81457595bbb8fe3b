import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ConfigOf, envConfig } from '@app/config';

export class SecurityEnvironment {
  /** Messages a client may send per second on average... */
  @IsInt()
  @Min(1)
  MESSAGE_RATE_PER_SECOND: number = 5;

  /** ...and at once, before the rate applies. */
  @IsInt()
  @Min(1)
  MESSAGE_BURST: number = 20;

  /** Stream requests (GET, HEAD, DELETE of /stream/...) a client may send per second on average... */
  @IsInt()
  @Min(1)
  STREAM_REQUESTS_PER_SECOND: number = 10;

  /** ...and at once: a page that resumes its chats' answers after a reload sends a few at once. */
  @IsInt()
  @Min(1)
  STREAM_REQUEST_BURST: number = 60;

  /** Answers a client may stream at once from one gateway. */
  @IsInt()
  @Min(1)
  MAX_STREAMS_PER_CLIENT: number = 20;

  /** IPv6 clients count as one per network of this many leading bits: a provider gives one user a whole /64. */
  @IsInt()
  @Min(1)
  @Max(128)
  IPV6_CLIENT_PREFIX: number = 64;

  /** An answer nobody starts streaming within this long is deleted, and its worker stops. */
  @IsInt()
  @Min(100)
  UNREAD_TIMEOUT_MS: number = 60_000;

  /** How long a client may take to send a request's headers and body. */
  @IsInt()
  @Min(100)
  REQUEST_TIMEOUT_MS: number = 15_000;

  /**
   * Which proxies in front to trust for X-Forwarded-For (Express' `trust proxy`): `false` (none, the
   * default), `true`, a hop count, or addresses and subnets such as `loopback` or `10.0.0.0/8`.
   */
  @IsString()
  TRUST_PROXY: string = 'false';

  /** Other origins (`https://chat.example.com`, comma-separated) whose pages may send messages. */
  @IsString()
  @Matches(/^(|https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*)$/, {
    message: 'ALLOWED_ORIGINS must be origins like https://host:port, comma-separated',
  })
  ALLOWED_ORIGINS: string = '';

  /** Names (`chat.example.com`, comma-separated, no port) this gateway answers for besides its loopback ones. */
  @IsString()
  @Matches(/^(|([a-z0-9.-]+|\[[0-9a-f:.]+\])(,([a-z0-9.-]+|\[[0-9a-f:.]+\]))*)$/i, {
    message: 'ALLOWED_HOSTS must be host names or addresses without a port ([::1] for IPv6), comma-separated',
  })
  ALLOWED_HOSTS: string = '';

  /** Binds message ids to their chat; when unset, the gateways of a deployment share one through the broker (MessageIdSecret). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  MESSAGE_ID_SECRET?: string;

  /**
   * Bearer keys for the OpenAI-compatible API (/v1/*), comma-separated, 16 characters or more each;
   * when set, every /v1 call needs one, and the per-client limits count per key.
   */
  @IsString()
  @Matches(/^(|[^\s,]{16,}(,[^\s,]{16,})*)$/, {
    message: 'API_KEYS must be keys of 16 characters or more, without spaces, comma-separated',
  })
  API_KEYS: string = '';
}

/** Always allowed: only a page on this very machine names it, and local probes and scripts use them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export const securityConfig = envConfig('security', SecurityEnvironment, (env) => ({
  trustProxy: trustProxySetting(env.TRUST_PROXY),
  allowedOrigins: commaSeparated(env.ALLOWED_ORIGINS),
  /** Host names a request may name in its Host header, lowercase: the loopback ones and ALLOWED_HOSTS. */
  allowedHosts: [...LOOPBACK_HOSTS, ...commaSeparated(env.ALLOWED_HOSTS.toLowerCase())],
  /** False when MESSAGE_ID_SECRET was unset. */
  messageIdSecretSet: env.MESSAGE_ID_SECRET !== undefined,
  apiKeys: commaSeparated(env.API_KEYS),
}));

export type SecurityConfig = ConfigOf<typeof securityConfig>;

function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}

function commaSeparated(value: string): string[] {
  return value === '' ? [] : value.split(',');
}
