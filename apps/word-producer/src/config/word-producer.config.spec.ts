import { InvalidConfigurationError } from '@app/config';
import { wordProducerConfig } from './word-producer.config';

describe('wordProducerConfig', () => {
  it('answers with the echo generator by default, and asks no model server', () => {
    expect(wordProducerConfig.read({ UPSTREAM_BASE_URL: 'http://localhost:11434/v1' })).toMatchObject({
      generator: 'echo',
      upstream: undefined,
    });
  });

  it('gives the model server to stream from with GENERATOR=openai', () => {
    const env = { GENERATOR: 'openai', UPSTREAM_BASE_URL: 'http://localhost:11434/v1', UPSTREAM_MODEL: 'llama3.2' };
    expect(wordProducerConfig.read(env).upstream).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.2',
      apiKey: undefined,
      timeoutMs: 30000,
    });
  });

  it('stops at start when GENERATOR=openai has no model server or model', () => {
    expect(() => wordProducerConfig.read({ GENERATOR: 'openai' })).toThrow(
      new InvalidConfigurationError([
        'UPSTREAM_BASE_URL=undefined: UPSTREAM_BASE_URL must be a URL address, UPSTREAM_BASE_URL is required when GENERATOR=openai',
        'UPSTREAM_MODEL=undefined: UPSTREAM_MODEL must be a string, UPSTREAM_MODEL is required when GENERATOR=openai',
      ]),
    );
  });

  it('refuses an upstream that is not an http(s) URL, and a generator it does not know', () => {
    expect(() => wordProducerConfig.read({ GENERATOR: 'openai', UPSTREAM_BASE_URL: 'localhost:11434', UPSTREAM_MODEL: 'm' })).toThrow(
      'UPSTREAM_BASE_URL="localhost:11434": UPSTREAM_BASE_URL must be a URL address',
    );
    expect(() => wordProducerConfig.read({ GENERATOR: 'ollama' })).toThrow(
      'GENERATOR="ollama": GENERATOR must be one of the following values: echo, openai',
    );
  });
});
