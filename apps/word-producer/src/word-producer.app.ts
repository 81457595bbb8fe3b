import { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { Environment } from '@app/config';
import { wordProducerConfig } from './config/word-producer.config';
import { WordProducerModule } from './word-producer.module';

/**
 * The worker, as a plain application context; with HEALTH_PORT set, as an HTTP app on that port that
 * serves only /health and /health/ready, for an orchestrator to probe.
 */
export async function createWordProducerApp(env: Environment, logger?: LoggerService | LogLevel[]): Promise<INestApplicationContext> {
  const { healthPort } = wordProducerConfig.read(env);
  const module = WordProducerModule.configuredBy(env);
  if (healthPort === undefined) {
    const app = await NestFactory.createApplicationContext(module, { logger });
    app.enableShutdownHooks();
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, new ExpressAdapter(), { logger, bodyParser: false });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await app.listen(healthPort);
  return app;
}
