import { Logger } from '@nestjs/common';
import { createWordProducerApp } from './word-producer.app';

async function bootstrap(): Promise<void> {
  await createWordProducerApp();
  new Logger('WordProducer').log('Serving chat requests');
}

void bootstrap();
