import { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WordProducerModule } from './word-producer.module';

export async function createWordProducerApp(logger?: LoggerService | LogLevel[]): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WordProducerModule, { logger });
  app.enableShutdownHooks();
  return app;
}
