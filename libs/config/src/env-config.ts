import { ConfigFactory, getConfigToken, registerAs } from '@nestjs/config';
import { camelCase, CamelCased } from './camel-case';
import { EnvClass, Environment, validateEnv, variableNames } from './validate-env';

/** A namespace's configuration: its env class's variables camelCased, each derived value in place of its variable. */
export type Settings<Env, Derived> = Simplify<Omit<CamelCased<Env>, keyof Derived> & Derived>;

type Simplify<T> = { readonly [Key in keyof T]: T[Key] };

/**
 * One namespace of an app's configuration, read from the environment the app is given rather than
 * from process.env, so that tests and embedders pass theirs in. Inject it with `@Inject(config.KEY)`.
 */
export interface EnvConfig<Env extends object, Config> {
  readonly KEY: string;
  /** The one place each of the namespace's variables is written: its name, default, rules and meaning. */
  readonly schema: EnvClass<Env>;
  read(env: Environment): Config;
  /** For ConfigModule.forRoot({ load }). */
  loadFrom(env: Environment): ConfigFactory;
}

/** What `@Inject(config.KEY)` gives for a namespace. */
export type ConfigOf<Namespace> = Namespace extends EnvConfig<object, infer Config> ? Config : never;

/**
 * Every variable of `schema` is passed on validated, under its camelCase name; `derive` gives the values
 * that code wants in another shape (a list from a comma-separated string, a default computed from
 * another variable), each under the name of the variable it replaces or a name of its own.
 */
export function envConfig<Env extends object, Derived extends object = Record<never, never>>(
  namespace: string,
  schema: EnvClass<Env>,
  derive?: (env: Env) => Derived,
): EnvConfig<Env, Settings<Env, Derived>> {
  const names = variableNames(schema);
  const read = (environment: Environment): Settings<Env, Derived> => {
    const env = validateEnv(schema, environment);
    const variables = Object.fromEntries(names.map((name) => [camelCase(name), env[name as keyof Env]]));
    return { ...variables, ...derive?.(env) } as Settings<Env, Derived>;
  };
  return { KEY: getConfigToken(namespace), schema, read, loadFrom: (env) => registerAs(namespace, () => read(env)) };
}
