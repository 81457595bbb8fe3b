import { Logger } from '@nestjs/common';
import { appLogger } from '@app/observability';
import { createWordProducerApp } from './word-producer.app';

async function bootstrap(): Promise<void> {
  await createWordProducerApp(process.env, appLogger(process.env));
  new Logger('WordProducer').log('Serving chat requests');
}

void bootstrap();
