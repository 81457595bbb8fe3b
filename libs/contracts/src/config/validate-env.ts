import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

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
export function validateEnv<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const values = plainToInstance(schema, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(values, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new InvalidConfigurationError(
      errors.map((error) => `${error.property}=${JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join(', ')}`),
    );
  }
  return values;
}
