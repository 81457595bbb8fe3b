import { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError } from 'openai';
import { upstreamError, UpstreamError } from './upstream-error';

const headers = new Headers();

describe('upstreamError', () => {
  it("gives an HTTP error's status and the server's message", () => {
    const error = APIError.generate(500, { error: { message: 'the model is out of memory' } }, undefined, headers);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(upstreamError(error, 1000)).toEqual(new UpstreamError('The model server answered 500: the model is out of memory'));
  });

  it('gives the body of an error that is not JSON, and the status alone when there is no body', () => {
    expect(upstreamError(APIError.generate(502, undefined, 'Bad Gateway', headers), 1000).message).toBe(
      'The model server answered 502: Bad Gateway',
    );
    expect(upstreamError(APIError.generate(404, undefined, undefined, headers), 1000).message).toBe('The model server answered 404');
  });

  it("gives an error chunk's message as failing mid-answer", () => {
    const error = new APIError(undefined, { message: 'the GPU fell over' }, undefined, headers);
    expect(upstreamError(error, 1000).message).toBe('The model server failed mid-answer: the GPU fell over');
  });

  it('names the setting when the server took too long', () => {
    expect(upstreamError(new APIConnectionTimeoutError(), 2500).message).toBe(
      'The model server sent nothing for 2500 ms (UPSTREAM_TIMEOUT_MS)',
    );
  });

  it("gives a failed connection's system code, not the server's address", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:11434'), { code: 'ECONNREFUSED' });
    const error = new APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: refused }) });
    expect(upstreamError(error, 1000).message).toBe('Could not reach the model server (ECONNREFUSED)');
  });

  it('says a chunk was not JSON, and passes any other failure on with its message', () => {
    expect(upstreamError(new SyntaxError('Unexpected token'), 1000).message).toBe('The model server sent a chunk that is not JSON');
    expect(upstreamError(new TypeError('terminated'), 1000).message).toBe('The model server failed: terminated');
  });
});
