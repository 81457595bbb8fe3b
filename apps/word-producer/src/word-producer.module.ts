import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig, AmqpConfig, amqpConnectionOptions, REQUESTS_QUEUE_OPTIONS } from '@app/contracts';
import { wordProducerConfig, WordProducerConfig } from './config/word-producer.config';
import { AnswerStreamer } from './requests/answer-streamer';
import { ReplyPublisher } from './requests/reply-publisher';
import { handleRequestError } from './requests/request-error-policy';
import { REQUESTS_HANDLER, RequestsHandler } from './requests/requests.handler';

const REQUESTS_CHANNEL = 'requests';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [amqpConfig, wordProducerConfig] }),
    RabbitMQModule.forRootAsync({
      inject: [amqpConfig.KEY, wordProducerConfig.KEY],
      useFactory: (amqp: AmqpConfig, producer: WordProducerConfig) => ({
        name: 'word-producer',
        uri: amqp.url,
        connectionManagerOptions: amqpConnectionOptions('word-producer'),
        // Start even while the broker is down; the subscription is set up whenever it connects.
        connectionInitOptions: { wait: false },
        // Requests are consumed on their own channel, so PREFETCH bounds answers in progress
        // without throttling the words published on the default channel.
        channels: { [REQUESTS_CHANNEL]: { prefetchCount: producer.prefetch } },
        handlers: {
          [REQUESTS_HANDLER]: {
            queue: amqp.requestsQueue,
            queueOptions: { ...REQUESTS_QUEUE_OPTIONS, channel: REQUESTS_CHANNEL },
            allowNonJsonMessages: true,
            errorHandler: handleRequestError,
          },
        },
      }),
    }),
  ],
  providers: [RequestsHandler, AnswerStreamer, ReplyPublisher],
})
export class WordProducerModule {}
