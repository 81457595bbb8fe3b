import { endMessage, isEndOfStream } from './end-of-stream';

const header = { chat_id: 'c', chat_title: 'A title', message_id: 'm' };

describe('endMessage', () => {
  it('ends a numbered answer with the seq after its last word, and carries nothing else of the request', () => {
    const request = { ...header, text: 'hello' };
    expect(endMessage(request, { seq: 4 })).toEqual({
      chat_id: 'c',
      chat_title: 'A title',
      message_id: 'm',
      text: '^*END*^',
      seq: 4,
      done: true,
    });
  });

  it('ends a failed answer with the reason', () => {
    const end = endMessage(header, { error: 'No worker available' });
    expect(end).toEqual({
      chat_id: 'c',
      chat_title: 'A title',
      message_id: 'm',
      text: '^*END*^',
      done: true,
      error: 'No worker available',
    });
    expect(isEndOfStream(end)).toBe(true);
  });
});
