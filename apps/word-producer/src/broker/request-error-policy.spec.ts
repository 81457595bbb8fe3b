import { requestErrorAction } from './request-error-policy';

describe('requestErrorAction', () => {
  it('leaves a request on a closed channel to the broker, which requeues it', () => {
    expect(requestErrorAction(true, false)).toBe('none');
    expect(requestErrorAction(true, true)).toBe('none');
  });

  it('requeues a first failure and rejects a second one', () => {
    expect(requestErrorAction(false, false)).toBe('requeue');
    expect(requestErrorAction(false, true)).toBe('reject');
  });
});
