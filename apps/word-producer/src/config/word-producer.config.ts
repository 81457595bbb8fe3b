import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConfigOf, envConfig } from '@app/config';

export class WordProducerEnvironment {
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
}));

export type WordProducerConfig = ConfigOf<typeof wordProducerConfig>;
