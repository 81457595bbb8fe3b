import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, ValidateIf } from 'class-validator';
import { ConfigOf, envConfig } from '@app/config';

const withUpstream = (env: WordProducerEnvironment) => env.GENERATOR === 'openai';

export class WordProducerEnvironment {
  /** What answers: the original services' echo, or a model on an OpenAI-compatible server. */
  @IsIn(['echo', 'openai'])
  GENERATOR: 'echo' | 'openai' = 'echo';

  /** The server's API up to /v1; the client posts to {base}/chat/completions. */
  @ValidateIf(withUpstream)
  @IsNotEmpty({ message: 'UPSTREAM_BASE_URL is required when GENERATOR=openai' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  UPSTREAM_BASE_URL?: string;

  @ValidateIf(withUpstream)
  @IsNotEmpty({ message: 'UPSTREAM_MODEL is required when GENERATOR=openai' })
  @IsString()
  UPSTREAM_MODEL?: string;

  @IsOptional()
  @IsString()
  UPSTREAM_API_KEY?: string;

  /** How long the model server may stay silent, before its answer starts or between two chunks. */
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  UPSTREAM_TIMEOUT_MS: number = 30_000;

  @IsInt()
  @Min(0)
  @Max(60_000)
  WORD_DELAY_MS: number = 100;

  /** How many answers one worker generates at once. */
  @IsInt()
  @Min(1)
  @Max(65_535)
  PREFETCH: number = 50;

  /** Answers one client may have generated at once; the default is a fifth of PREFETCH. */
  @IsOptional()
  @IsInt()
  @Min(1)
  ANSWERS_PER_CLIENT?: number;

  /**
   * Answers started beyond PREFETCH, only for clients with nothing in progress, so that heavy clients
   * filling PREFETCH cannot hold a new client's first word back; the default is a fifth of PREFETCH.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65_535)
  ANSWERS_FOR_NEW_CLIENTS?: number;

  /** The longest request text taken, in characters, as the gateway's own limit. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAX_TEXT_LENGTH: number = 4000;

  /** The earlier turns a request may carry, in characters in all, as the gateway's own limit. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  MAX_HISTORY_LENGTH: number = 12_000;

  /** A small HTTP port for /health and /health/ready; none when unset. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  HEALTH_PORT?: number;
}

export const wordProducerConfig = envConfig('wordProducer', WordProducerEnvironment, (env) => ({
  answersPerClient: env.ANSWERS_PER_CLIENT ?? Math.max(1, Math.ceil(env.PREFETCH / 5)),
  answersForNewClients: env.ANSWERS_FOR_NEW_CLIENTS ?? Math.ceil(env.PREFETCH / 5),
  /** The model server GENERATOR=openai streams from; undefined with GENERATOR=echo. */
  upstream: withUpstream(env)
    ? { baseUrl: env.UPSTREAM_BASE_URL!, model: env.UPSTREAM_MODEL!, apiKey: env.UPSTREAM_API_KEY, timeoutMs: env.UPSTREAM_TIMEOUT_MS }
    : undefined,
}));

export type WordProducerConfig = ConfigOf<typeof wordProducerConfig>;
