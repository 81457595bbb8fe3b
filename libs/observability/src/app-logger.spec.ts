import { InvalidConfigurationError } from '@app/config';
import { appLogger, JsonLogger } from './app-logger';

describe('appLogger', () => {
  it("keeps Nest's text logger by default, and takes LOG_FORMAT=json", () => {
    expect(appLogger({})).toBeUndefined();
    expect(appLogger({ LOG_FORMAT: 'text' })).toBeUndefined();
    expect(appLogger({ LOG_FORMAT: 'json' })).toBeInstanceOf(JsonLogger);
    expect(() => appLogger({ LOG_FORMAT: 'xml' })).toThrow(InvalidConfigurationError);
  });
});

describe('JsonLogger', () => {
  function linesWritten(log: (logger: JsonLogger) => void): Record<string, unknown>[] {
    const written: string[] = [];
    const spies = (['stdout', 'stderr'] as const).map((stream) =>
      jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    try {
      log(new JsonLogger());
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    return written
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes one JSON object per line, with the message id the line is about as a field', () => {
    const id = '0b7e6b2c-4f7d-4f43-9d6e-2a1f0c3e5d71';
    const lines = linesWritten((logger) => {
      logger.log(`Stopped answering message ${id} at word 3: its reply queue is gone`, 'ReplyWriter');
      logger.warn('Lost the broker connection: closed', 'BrokerConnection');
    });
    expect(lines).toEqual([
      {
        level: 'log',
        pid: process.pid,
        timestamp: expect.any(Number),
        context: 'ReplyWriter',
        message: `Stopped answering message ${id} at word 3: its reply queue is gone`,
        message_id: id,
      },
      {
        level: 'warn',
        pid: process.pid,
        timestamp: expect.any(Number),
        context: 'BrokerConnection',
        message: 'Lost the broker connection: closed',
      },
    ]);
  });
});
