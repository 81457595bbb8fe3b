import { jsonForSse, sseEvent } from './sse-frame';

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

  it('treats a bare CR and CR LF as line breaks too, as SSE clients do', () => {
    expect(sseEvent('a\rb\r\nc')).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(sseEvent('oops\r\revent: end\rdata: x', { event: 'error' })).toBe(
      'event: error\ndata: oops\ndata: \ndata: event: end\ndata: data: x\n\n',
    );
  });
});

describe('jsonForSse', () => {
  it('escapes U+2028 and U+2029, which JSON.stringify leaves as they are', () => {
    expect(jsonForSse({ text: 'a\u2028b\u2029c' })).toBe('{"text":"a\\u2028b\\u2029c"}');
  });
});
