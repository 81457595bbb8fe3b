import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { configurationTable, documentedDefaults } from './configuration-table';

const README = `# A service

## Configuration

| variable | used by | default | meaning |
| --- | --- | --- | --- |
| \`AMQP_URL\` | both | \`amqp://localhost:5672\` | the broker |
| \`MESSAGE_RATE_PER_SECOND\`, \`MESSAGE_BURST\` | gateway | \`5\`, \`20\` | messages a client may send |
| \`METRICS_PORT\` | gateway | unset | an internal port |
| \`ALLOWED_HOSTS\` | gateway | empty | other names |
| \`ANSWERS_PER_CLIENT\` | word-producer | unset: a fifth of \`PREFETCH\` | answers of one client at once |

Request bodies are limited to 100 KiB.

## HTTP API

| call | answer |
| --- | --- |
| \`POST /start\` | a chat |
`;

describe('configurationTable', () => {
  const table = configurationTable(README);

  it("reads an app's variables and defaults, from its rows and those used by both", () => {
    expect(table.defaultsFor('gateway')).toEqual({
      AMQP_URL: '`amqp://localhost:5672`',
      MESSAGE_RATE_PER_SECOND: '`5`',
      MESSAGE_BURST: '`20`',
      METRICS_PORT: 'unset',
      ALLOWED_HOSTS: 'empty',
    });
    expect(table.defaultsFor('word-producer')).toEqual({ AMQP_URL: '`amqp://localhost:5672`', ANSWERS_PER_CLIENT: 'unset' });
  });

  it('refuses a README whose Configuration section has no such table', () => {
    expect(() => configurationTable('# A service\n\n## Configuration\n\nSee the docs.\n')).toThrow('has no table');
  });
});

describe('documentedDefaults', () => {
  class ExampleEnvironment {
    @IsInt()
    PORT: number = 8080;

    @IsIn(['text', 'json'])
    LOG_FORMAT: 'text' | 'json' = 'text';

    @IsString()
    ALLOWED_HOSTS: string = '';

    @IsOptional()
    @IsInt()
    HEALTH_PORT?: number;
  }

  it('writes each default as the table does', () => {
    expect(documentedDefaults([ExampleEnvironment])).toEqual({
      PORT: '`8080`',
      LOG_FORMAT: '`text`',
      ALLOWED_HOSTS: 'empty',
      HEALTH_PORT: 'unset',
    });
  });
});
