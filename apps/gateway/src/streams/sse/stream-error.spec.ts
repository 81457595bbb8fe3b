import { errorEvent } from './stream-error';

describe('errorEvent', () => {
  it('writes the code and the message as JSON on one data line, whatever line breaks the message has', () => {
    expect(errorEvent('worker_error', 'oops\revent: end')).toBe(
      'event: error\ndata: {"code":"worker_error","message":"oops\\revent: end"}\n\n',
    );
  });
});
