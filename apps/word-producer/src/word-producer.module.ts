import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig } from '@app/amqp';
import { Environment } from '@app/config';
import { wordProducerConfig } from './config/word-producer.config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { RequestsModule } from './requests/requests.module';

@Module({
  imports: [MetricsModule, RequestsModule, HealthModule],
})
export class WordProducerModule {
  /** The worker configured from `env`: process.env when run, an object of their own in tests. */
  static configuredBy(env: Environment): DynamicModule {
    const load = [amqpConfig, wordProducerConfig].map((config) => config.loadFrom(env));
    return { module: WordProducerModule, imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load })] };
  }
}
