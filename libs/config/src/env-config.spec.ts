import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { envConfig } from './env-config';
import { InvalidConfigurationError } from './validate-env';

class ExampleEnvironment {
  @IsInt()
  @Min(1)
  MAX_TEXT_LENGTH: number = 4000;

  @IsOptional()
  @IsInt()
  @Max(128)
  IPV6_CLIENT_PREFIX?: number;

  @IsString()
  ALLOWED_HOSTS: string = '';
}

const exampleConfig = envConfig('example', ExampleEnvironment, (env) => ({
  allowedHosts: env.ALLOWED_HOSTS === '' ? [] : env.ALLOWED_HOSTS.split(','),
}));

describe('envConfig', () => {
  it('gives each variable under its camelCase name, as a number where it is one, and its default when unset', () => {
    expect(exampleConfig.read({ IPV6_CLIENT_PREFIX: '64' })).toStrictEqual({ maxTextLength: 4000, ipv6ClientPrefix: 64, allowedHosts: [] });
  });

  it('gives a derived value in place of the variable it is read from', () => {
    expect(exampleConfig.read({ ALLOWED_HOSTS: 'a.example,b.example' }).allowedHosts).toEqual(['a.example', 'b.example']);
  });

  it('takes no other variable from the environment', () => {
    expect(exampleConfig.read({ PATH: '/usr/bin', MAX_TEXT_LENGTH: '10' })).toStrictEqual({
      maxTextLength: 10,
      ipv6ClientPrefix: undefined,
      allowedHosts: [],
    });
  });

  it('stops at a bad variable, naming it and its value', () => {
    expect(() => exampleConfig.read({ MAX_TEXT_LENGTH: '0', IPV6_CLIENT_PREFIX: '129' })).toThrow(
      new InvalidConfigurationError([
        'MAX_TEXT_LENGTH=0: MAX_TEXT_LENGTH must not be less than 1',
        'IPV6_CLIENT_PREFIX=129: IPV6_CLIENT_PREFIX must not be greater than 128',
      ]),
    );
  });
});
