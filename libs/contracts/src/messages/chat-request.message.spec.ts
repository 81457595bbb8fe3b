import { ChatRequestMessage } from './chat-request.message';
import { InvalidMessageError, parseMessage } from './parse-message';

/** A request exactly as the original gateway sends it: uuid.uuid1() ids. */
const original = {
  chat_id: 'a8098c1a-f86e-11da-bd1a-00112444be1e',
  chat_title: 'New Chat',
  message_id: 'b1f2c3d4-f86e-11da-8d1a-00112444be1e',
  text: 'Tell me about RabbitMQ',
};

function reasons(body: object): string[] {
  try {
    parseMessage(ChatRequestMessage, body);
    return [];
  } catch (error) {
    return (error as InvalidMessageError).reasons;
  }
}

describe('ChatRequestMessage', () => {
  it('takes ids of any RFC 4122 version: v1 as the original gateway makes them, v4 as this one does, v7', () => {
    expect(reasons(original)).toEqual([]);
    expect(
      reasons({ ...original, chat_id: '0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f', message_id: '7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a' }),
    ).toEqual([]);
    expect(reasons({ ...original, message_id: '01890a5d-ac96-774b-bcce-b302099a8057' })).toEqual([]);
  });

  it('refuses ids that are not UUIDs', () => {
    expect(reasons({ ...original, chat_id: 'chat-1', message_id: 'a8098c1af86e11dabd1a00112444be1e' })).toEqual([
      'chat_id must be a UUID',
      'message_id must be a UUID',
    ]);
  });

  it('refuses a text of only zero-width characters or lone combining marks', () => {
    const blank = ['text must not be blank (white space, zero-width characters and lone combining marks do not count)'];
    expect(reasons({ ...original, text: '\u200b\u200b\u200b' })).toEqual(blank);
    expect(reasons({ ...original, text: '\u0301'.repeat(4000) })).toEqual(blank);
    expect(reasons({ ...original, text: ' ' })).toEqual(blank);
    expect(reasons({ ...original, text: 'e\u0301' })).toEqual([]);
  });

  it('takes a conversation, a token limit, a temperature and stop sequences, which the original worker ignores', () => {
    const conversation = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: original.text },
    ];
    expect(reasons({ ...original, messages: conversation, max_tokens: 5, temperature: 0.2, stop: ['\n\n'] })).toEqual([]);
  });

  it('refuses turns of other roles or without text content, and limits out of range', () => {
    expect(
      reasons({
        ...original,
        messages: [{ role: 'tool', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'x' }] }, 'hi'],
        max_tokens: 0,
        temperature: 3,
        stop: ['a', 'b', 'c', 'd', 'e'],
      }),
    ).toEqual([
      'messages.0.role must be one of the following values: system, user, assistant',
      'messages.1.content must be a string',
      'messages.2: each value in nested property messages must be either object or array',
      'max_tokens must not be less than 1',
      'temperature must not be greater than 2',
      'stop must contain no more than 4 elements',
    ]);
  });
});
