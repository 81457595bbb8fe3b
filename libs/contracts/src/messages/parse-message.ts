import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export class InvalidMessageError extends Error {
  constructor(
    readonly messageClass: string,
    readonly reasons: string[],
  ) {
    super(`Invalid ${messageClass}: ${reasons.join('; ')}`);
    this.name = 'InvalidMessageError';
  }
}

/** Turns a message body (raw JSON text or already-parsed JSON) into a validated instance of `type`. */
export function parseMessage<T extends object>(type: new () => T, body: unknown): T {
  let plain = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      plain = JSON.parse(body.toString());
    } catch {
      throw new InvalidMessageError(type.name, ['body is not JSON']);
    }
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new InvalidMessageError(type.name, ['body is not a JSON object']);
  }
  const instance = plainToInstance(type, plain);
  const errors = validateSync(instance, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidMessageError(
      type.name,
      errors.flatMap((error) => constraintsOf(error)),
    );
  }
  return instance;
}

/** What each failed check says, nested ones included ("messages.0.role must be …"). */
function constraintsOf(error: ValidationError, path = ''): string[] {
  const at = `${path}${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => {
    if (path === '') return message;
    return message.startsWith(error.property) ? `${path}${message}` : `${at}: ${message}`;
  });
  return [...own, ...(error.children ?? []).flatMap((child) => constraintsOf(child, `${at}.`))];
}
