import { parseLastEventId } from './last-event-id';

describe('parseLastEventId', () => {
  it('starts from the beginning when absent or blank', () => {
    expect(parseLastEventId(undefined)).toBe(0);
    expect(parseLastEventId(' ')).toBe(0);
  });

  it('reads a word seq', () => {
    expect(parseLastEventId('42')).toBe(42);
  });

  it('refuses anything that is not a whole number', () => {
    expect(parseLastEventId('-1')).toBeNull();
    expect(parseLastEventId('4.2')).toBeNull();
    expect(parseLastEventId('abc')).toBeNull();
  });
});
