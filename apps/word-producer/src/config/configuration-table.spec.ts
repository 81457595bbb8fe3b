import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpEnvironment } from '@app/amqp';
import { configurationTable, documentedDefaults } from '@app/config';
import { LoggingEnvironment } from '@app/observability';
import { WordProducerEnvironment } from './word-producer.config';

describe("README's Configuration table", () => {
  it('lists every variable the word-producer reads, with its default, and no other for the word-producer', () => {
    const table = configurationTable(readFileSync(join(__dirname, '../../../../README.md'), 'utf8'));
    expect(table.defaultsFor('word-producer')).toEqual(documentedDefaults([AmqpEnvironment, LoggingEnvironment, WordProducerEnvironment]));
  });
});
