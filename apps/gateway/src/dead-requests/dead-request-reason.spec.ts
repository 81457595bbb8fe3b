import { deadRequestReason } from './dead-request-reason';

describe('deadRequestReason', () => {
  it('says no worker was available for an expired request', () => {
    expect(deadRequestReason({ 'x-death': [{ reason: 'expired', count: 1 }] })).toBe(
      'No worker available: nobody took the request in time',
    );
  });

  it('says the worker failed for a rejected request', () => {
    expect(deadRequestReason({ 'x-death': [{ reason: 'rejected', count: 1 }] })).toBe('The worker could not process the request');
  });

  it('falls back to a generic reason', () => {
    expect(deadRequestReason(undefined)).toBe('The request was dropped before any worker answered it');
  });
});
