import { ConfigFactory, getConfigToken, registerAs } from '@nestjs/config';
import { Environment } from './validate-env';

/**
 * One namespace of an app's configuration, read from the environment the app is given rather than
 * from process.env, so that tests and embedders pass theirs in. Inject it with `@Inject(config.KEY)`.
 */
export interface EnvConfig<T> {
  readonly KEY: string;
  read(env: Environment): T;
  /** For ConfigModule.forRoot({ load }). */
  loadFrom(env: Environment): ConfigFactory;
}

export function envConfig<T extends object>(namespace: string, read: (env: Environment) => T): EnvConfig<T> {
  return {
    KEY: getConfigToken(namespace),
    read,
    loadFrom: (env) => registerAs(namespace, () => read(env)),
  };
}
