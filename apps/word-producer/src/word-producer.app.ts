import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WordProducerModule } from './word-producer.module';

export async function createWordProducerApp(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WordProducerModule);
  app.enableShutdownHooks();
  return app;
}
