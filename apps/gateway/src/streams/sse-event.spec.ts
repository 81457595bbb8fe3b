import { sseEvent } from './sse-event';

describe('sseEvent', () => {
  it('writes id, then data, then a blank line', () => {
    expect(sseEvent('{"text":"hi"}', { id: 3 })).toBe('id: 3\ndata: {"text":"hi"}\n\n');
  });

  it('names the event when asked', () => {
    expect(sseEvent('Stream ended', { event: 'end' })).toBe('event: end\ndata: Stream ended\n\n');
  });

  it('splits multi-line data so that no line break can end the frame early', () => {
    expect(sseEvent('a\nb')).toBe('data: a\ndata: b\n\n');
  });
});
