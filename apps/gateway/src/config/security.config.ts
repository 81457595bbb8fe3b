import { IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
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

  /** Answers a client may stream at once from one gateway. */
  @IsInt()
  @Min(1)
  MAX_STREAMS_PER_CLIENT: number = 20;

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

  /** Binds message ids to their chat; every gateway of a deployment needs the same one. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  MESSAGE_ID_SECRET?: string;
}

export interface SecurityConfig {
  messageRatePerSecond: number;
  messageBurst: number;
  maxStreamsPerClient: number;
  unreadTimeoutMs: number;
  requestTimeoutMs: number;
  trustProxy: boolean | number | string[];
  allowedOrigins: string[];
  messageIdSecret: string;
  /** False when MESSAGE_ID_SECRET was unset and a random one was made for this process. */
  messageIdSecretSet: boolean;
}

export const securityConfig = envConfig('security', (environment): SecurityConfig => {
  const env = validateEnv(SecurityEnvironment, environment);
  return {
    messageRatePerSecond: env.MESSAGE_RATE_PER_SECOND,
    messageBurst: env.MESSAGE_BURST,
    maxStreamsPerClient: env.MAX_STREAMS_PER_CLIENT,
    unreadTimeoutMs: env.UNREAD_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    allowedOrigins: env.ALLOWED_ORIGINS === '' ? [] : env.ALLOWED_ORIGINS.split(','),
    messageIdSecret: env.MESSAGE_ID_SECRET ?? randomBytes(32).toString('hex'),
    messageIdSecretSet: env.MESSAGE_ID_SECRET !== undefined,
  };
});

function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}
