import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { Module } from '@nestjs/common';
import { amqpConfig, AmqpConfig, amqpConnectionOptions } from '@app/amqp';
import { requestsQueueOptions } from '@app/contracts';
import { wordProducerConfig, WordProducerConfig } from '../config/word-producer.config';
import { REQUESTS_HANDLER } from './broker.constants';
import { requestDeserializer } from './request-body';
import { handleRequestError } from './request-error-policy';

const REQUESTS_CHANNEL = 'requests';

/**
 * Requests taken beyond those being answered, to wait in the worker, so that when a slot frees
 * AnswerSlots can pick the client served longest ago rather than the next in the queue.
 */
const MAX_WAITING_REQUESTS = 1000;

/** The worker's one broker connection (golevelup), and which queue the requests handler consumes. */
@Module({
  imports: [
    RabbitMQModule.forRootAsync({
      inject: [amqpConfig.KEY, wordProducerConfig.KEY],
      useFactory: (amqp: AmqpConfig, producer: WordProducerConfig) => ({
        name: 'word-producer',
        uri: amqp.urls,
        connectionManagerOptions: amqpConnectionOptions('word-producer'),
        // Start even while the broker is down; the subscription is set up whenever it connects.
        connectionInitOptions: { wait: false },
        // Requests are consumed on their own channel, so that taking them is not held up by the words
        // published on the default channel. PREFETCH are answered at once (ANSWERS_FOR_NEW_CLIENTS more
        // for clients with nothing in progress), up to MAX_WAITING_REQUESTS more wait in the worker for
        // a slot (see AnswerSlots).
        channels: {
          [REQUESTS_CHANNEL]: { prefetchCount: producer.prefetch + producer.answersForNewClients + MAX_WAITING_REQUESTS },
        },
        handlers: {
          [REQUESTS_HANDLER]: {
            queue: amqp.requestsQueue,
            queueOptions: { ...requestsQueueOptions(amqp.requestsQueueType), channel: REQUESTS_CHANNEL },
            allowNonJsonMessages: true,
            deserializer: requestDeserializer(producer.maxTextLength),
            errorHandler: handleRequestError,
          },
        },
      }),
    }),
  ],
  exports: [RabbitMQModule],
})
export class BrokerModule {}
