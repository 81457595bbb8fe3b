import { registerAs } from '@nestjs/config';
import { IsNotEmpty, IsString, Matches } from 'class-validator';
import { DEFAULT_REQUESTS_QUEUE } from '../queues';
import { validateEnv } from './validate-env';

class AmqpEnvironment {
  @Matches(/^amqps?:\/\//, { message: 'AMQP_URL must start with amqp:// or amqps://' })
  AMQP_URL: string = 'amqp://guest:guest@localhost:5672';

  /** Overridable so that test runs and side-by-side deployments never take each other's requests. */
  @IsString()
  @IsNotEmpty()
  REQUESTS_QUEUE: string = DEFAULT_REQUESTS_QUEUE;
}

export interface AmqpConfig {
  url: string;
  requestsQueue: string;
}

export const amqpConfig = registerAs('amqp', (): AmqpConfig => {
  const env = validateEnv(AmqpEnvironment);
  return { url: env.AMQP_URL, requestsQueue: env.REQUESTS_QUEUE };
});
