import { IsIn, IsNotEmpty, IsString, Matches } from 'class-validator';
import { ConfigOf, envConfig } from '@app/config';
import { DEFAULT_REQUESTS_QUEUE, RequestsQueueType } from '@app/contracts';

export class AmqpEnvironment {
  /** One broker, or the nodes of a cluster comma-separated: a lost connection tries the next. */
  @Matches(/^amqps?:\/\/[^,\s]+(,amqps?:\/\/[^,\s]+)*$/, {
    message: 'AMQP_URL must be amqp:// or amqps:// URLs, comma-separated',
  })
  AMQP_URL: string = 'amqp://guest:guest@localhost:5672';

  /** classic, as the original services declare it; quorum replicates requests across a cluster's nodes. */
  @IsIn(['classic', 'quorum'])
  REQUESTS_QUEUE_TYPE: RequestsQueueType = 'classic';

  /** Overridable so that test runs and side-by-side deployments never take each other's requests. */
  @IsString()
  @IsNotEmpty()
  REQUESTS_QUEUE: string = DEFAULT_REQUESTS_QUEUE;
}

export const amqpConfig = envConfig('amqp', AmqpEnvironment, (env) => ({
  /** The broker's nodes, in the order they are tried. */
  urls: env.AMQP_URL.split(','),
}));

export type AmqpConfig = ConfigOf<typeof amqpConfig>;
