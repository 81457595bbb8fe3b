import { resumePoint } from './last-event-id';

describe('resumePoint', () => {
  it('starts from the beginning when neither the header nor the query says where', () => {
    expect(resumePoint(undefined, undefined)).toEqual({ after: 0 });
    expect(resumePoint([''], undefined)).toEqual({ after: 0 });
    expect(resumePoint(undefined, ' ')).toEqual({ after: 0 });
  });

  it('takes the header before the query, each a whole number', () => {
    expect(resumePoint(['12'], '3')).toEqual({ after: 12 });
    expect(resumePoint(undefined, '7')).toEqual({ after: 7 });
    expect(resumePoint([' 5 '], undefined)).toEqual({ after: 5 });
  });

  it('refuses a value given twice', () => {
    expect(resumePoint(['1', '2'], undefined)).toEqual({ problem: 'Last-Event-ID must be given once' });
    expect(resumePoint(undefined, ['1', '2'])).toEqual({ problem: 'lastEventId must be given once' });
  });

  it('refuses what is not a whole number', () => {
    const notANumber = { problem: 'lastEventId must be a whole number (the seq of a word)' };
    expect(resumePoint(undefined, '-1')).toEqual(notANumber);
    expect(resumePoint(undefined, '1e3')).toEqual(notANumber);
    expect(resumePoint(undefined, '1234567890123456')).toEqual(notANumber);
    expect(resumePoint(undefined, { x: '1' })).toEqual(notANumber);
    expect(resumePoint(['1, 2'], undefined)).toEqual({ problem: 'Last-Event-ID must be a whole number (the seq of a word)' });
  });
});
