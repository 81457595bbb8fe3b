import { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { wordProducerConfig } from './config/word-producer.config';
import { WordProducerModule } from './word-producer.module';

/**
 * The worker, as a plain application context; with HEALTH_PORT set, as an HTTP app on that port that
 * serves only /health and /health/ready, for an orchestrator to probe.
 */
export async function createWordProducerApp(logger?: LoggerService | LogLevel[]): Promise<INestApplicationContext> {
  const { healthPort } = wordProducerConfig();
  if (healthPort === undefined) {
    const app = await NestFactory.createApplicationContext(WordProducerModule, { logger });
    app.enableShutdownHooks();
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(WordProducerModule, new ExpressAdapter(), { logger, bodyParser: false });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await app.listen(healthPort);
  return app;
}
