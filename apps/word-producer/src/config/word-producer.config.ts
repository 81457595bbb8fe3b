import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from '@app/contracts';

class WordProducerEnvironment {
  @IsInt()
  @Min(0)
  @Max(60_000)
  WORD_DELAY_MS: number = 100;

  /** How many answers one worker generates at once. */
  @IsInt()
  @Min(1)
  @Max(65_535)
  PREFETCH: number = 50;

  /** A small HTTP port for /health and /health/ready; none when unset. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  HEALTH_PORT?: number;
}

export interface WordProducerConfig {
  wordDelayMs: number;
  prefetch: number;
  healthPort?: number;
}

export const wordProducerConfig = registerAs('wordProducer', (): WordProducerConfig => {
  const env = validateEnv(WordProducerEnvironment);
  return { wordDelayMs: env.WORD_DELAY_MS, prefetch: env.PREFETCH, healthPort: env.HEALTH_PORT };
});
