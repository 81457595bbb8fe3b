import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
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
}

export interface WordProducerConfig {
  wordDelayMs: number;
  prefetch: number;
}

export const wordProducerConfig = registerAs('wordProducer', (): WordProducerConfig => {
  const env = validateEnv(WordProducerEnvironment);
  return { wordDelayMs: env.WORD_DELAY_MS, prefetch: env.PREFETCH };
});
