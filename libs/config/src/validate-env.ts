import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';

/** Environment variables as an app is given them: process.env in production, a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A class whose fields are environment variables, each with its default and its class-validator rules. */
export type EnvClass<Env extends object = object> = new () => Env;

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** The variables an env class reads: its fields with a class-validator rule, which every setting has. */
export function variableNames(schema: EnvClass): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))];
}

/**
 * Reads an env class's variables, and no others, from the environment, converting numbers, so that a
 * bad variable stops the app at start with a message naming it.
 */
export function validateEnv<Env extends object>(schema: EnvClass<Env>, env: Environment): Env {
  const given = Object.fromEntries(variableNames(schema).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  const values = plainToInstance(schema, given, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(values, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new InvalidConfigurationError(
      errors.map((error) => `${error.property}=${JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join(', ')}`),
    );
  }
  return values;
}
