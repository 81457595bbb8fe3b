import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { amqpConfig } from '@app/contracts';
import { wordProducerConfig } from './config/word-producer.config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { RequestsModule } from './requests/requests.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [amqpConfig, wordProducerConfig] }),
    MetricsModule,
    RequestsModule,
    HealthModule,
  ],
})
export class WordProducerModule {}
