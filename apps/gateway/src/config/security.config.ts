import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { envConfig, validateEnv } from '@app/config';

class SecurityEnvironment {
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

  /** Binds message ids to their chat; when unset, the gateways of a deployment share one through the broker. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  MESSAGE_ID_SECRET?: string;
}

/** Always allowed: only a page on this very machine names it, and local probes and scripts use them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface SecurityConfig {
  messageRatePerSecond: number;
  messageBurst: number;
  streamRequestsPerSecond: number;
  streamRequestBurst: number;
  maxStreamsPerClient: number;
  ipv6ClientPrefix: number;
  unreadTimeoutMs: number;
  requestTimeoutMs: number;
  trustProxy: boolean | number | string[];
  allowedOrigins: string[];
  /** Host names a request may name in its Host header, lowercase: the loopback ones and ALLOWED_HOSTS. */
  allowedHosts: string[];
  /** Unset: the deployment's gateways agree on one through the broker (MessageIdSecret). */
  messageIdSecret?: string;
  /** False when MESSAGE_ID_SECRET was unset. */
  messageIdSecretSet: boolean;
}

export const securityConfig = envConfig('security', (environment): SecurityConfig => {
  const env = validateEnv(SecurityEnvironment, environment);
  return {
    messageRatePerSecond: env.MESSAGE_RATE_PER_SECOND,
    messageBurst: env.MESSAGE_BURST,
    streamRequestsPerSecond: env.STREAM_REQUESTS_PER_SECOND,
    streamRequestBurst: env.STREAM_REQUEST_BURST,
    maxStreamsPerClient: env.MAX_STREAMS_PER_CLIENT,
    ipv6ClientPrefix: env.IPV6_CLIENT_PREFIX,
    unreadTimeoutMs: env.UNREAD_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    allowedOrigins: env.ALLOWED_ORIGINS === '' ? [] : env.ALLOWED_ORIGINS.split(','),
    allowedHosts: [...LOOPBACK_HOSTS, ...(env.ALLOWED_HOSTS === '' ? [] : env.ALLOWED_HOSTS.toLowerCase().split(','))],
    messageIdSecret: env.MESSAGE_ID_SECRET,
    messageIdSecretSet: env.MESSAGE_ID_SECRET !== undefined,
  };
});

function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}
