import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpEnvironment } from '@app/amqp';
import { configurationTable, documentedDefaults } from '@app/config';
import { LoggingEnvironment } from '@app/observability';
import { GatewayEnvironment } from './gateway.config';
import { SecurityEnvironment } from './security.config';

describe("README's Configuration table", () => {
  const table = configurationTable(readFileSync(join(__dirname, '../../../../README.md'), 'utf8'));

  it('lists every variable the gateway reads, with its default, and no other for the gateway', () => {
    const read = documentedDefaults([AmqpEnvironment, LoggingEnvironment, GatewayEnvironment, SecurityEnvironment]);
    expect(table.defaultsFor('gateway')).toEqual(read);
  });

  it('says of every row that the gateway, the word-producer or both read it', () => {
    const users = new Set(table.rows.map(({ usedBy }) => usedBy));
    expect([...users].sort()).toEqual(['both', 'gateway', 'word-producer']);
  });
});
