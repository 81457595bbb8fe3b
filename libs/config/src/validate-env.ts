import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Environment variables as an app is given them: process.env in production, a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/**
 * Reads environment variables into a class-validator schema, converting numbers, so that a bad
 * variable stops the app at start with a message naming it.
 */
export function validateEnv<T extends object>(schema: new () => T, env: Environment): T {
  const values = plainToInstance(schema, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(values, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new InvalidConfigurationError(
      errors.map((error) => `${error.property}=${JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join(', ')}`),
    );
  }
  return values;
}
