import { ConsoleLogger, LoggerService } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { Environment, validateEnv } from '@app/config';

export class LoggingEnvironment {
  /** text: Nest's readable lines (the default); json: one JSON object per line, for log collectors. */
  @IsIn(['text', 'json'])
  LOG_FORMAT: 'text' | 'json' = 'text';
}

const MESSAGE_ID = /\bmessage ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/;

/**
 * Nest's own JSON logger (level, pid, timestamp, context, message), with the message id a line is about
 * as a field of its own, so that a log search can follow one answer across gateways and workers.
 */
export class JsonLogger extends ConsoleLogger {
  constructor() {
    super({ json: true, colors: false });
  }

  protected getJsonLogObject(...args: Parameters<ConsoleLogger['getJsonLogObject']>): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const logObject: ReturnType<ConsoleLogger['getJsonLogObject']> & { message_id?: string } = super.getJsonLogObject(...args);
    const messageId = typeof logObject.message === 'string' ? MESSAGE_ID.exec(logObject.message)?.[1] : undefined;
    if (messageId !== undefined) logObject.message_id = messageId;
    return logObject;
  }
}

/** The logger an app starts with: undefined keeps Nest's default text logger. */
export function appLogger(env: Environment): LoggerService | undefined {
  return validateEnv(LoggingEnvironment, env).LOG_FORMAT === 'json' ? new JsonLogger() : undefined;
}
