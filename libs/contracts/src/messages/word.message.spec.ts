import { parseMessage } from './parse-message';
import { readWordMessage, WordMessage } from './word.message';

const word = {
  chat_id: '0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f',
  chat_title: 'A title',
  message_id: '7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
  text: 'hello',
};

/** Valid and invalid word messages, each differing from a valid one in one field. */
const cases: Record<string, unknown> = {
  'original protocol: no seq, sep or done': word,
  'numbered word with its separator': { ...word, sep: ' ', seq: 1 },
  'end message': { ...word, text: '^*END*^', seq: 2, done: true },
  'failed end message': { ...word, text: '^*END*^', seq: 1, done: true, error: 'No worker available' },
  'end at a limit, with usage': {
    ...word,
    text: '^*END*^',
    seq: 3,
    done: true,
    finish_reason: 'length',
    usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
  },
  'unknown extra field': { ...word, model: 'x' },
  'uppercase uuid': { ...word, chat_id: word.chat_id.toUpperCase() },
  'message_id a uuid v1, as the original gateway makes them': { ...word, message_id: 'a8098c1a-f86e-11da-bd1a-00112444be1e' },
  'chat_id a uuid v7': { ...word, chat_id: '01890a5d-ac96-774b-bcce-b302099a8057' },
  'message_id the nil uuid': { ...word, message_id: '00000000-0000-0000-0000-000000000000' },
  'empty text': { ...word, text: '' },
  'seq at the safe limit': { ...word, seq: Number.MAX_SAFE_INTEGER },
  'text missing': { ...word, text: undefined },
  'text a number': { ...word, text: 5 },
  'chat_title missing': { ...word, chat_title: undefined },
  'chat_id not a uuid': { ...word, chat_id: 'chat-1' },
  'message_id of version 0': { ...word, message_id: 'a8098c1a-f86e-01da-bd1a-00112444be1e' },
  'message_id of version 9': { ...word, message_id: 'a8098c1a-f86e-91da-bd1a-00112444be1e' },
  'message_id of the NCS variant': { ...word, message_id: 'a8098c1a-f86e-11da-7d1a-00112444be1e' },
  'message_id without hyphens': { ...word, message_id: 'a8098c1af86e11dabd1a00112444be1e' },
  'message_id in braces': { ...word, message_id: '{a8098c1a-f86e-11da-bd1a-00112444be1e}' },
  'sep a number': { ...word, sep: 1 },
  'seq zero': { ...word, seq: 0 },
  'seq fractional': { ...word, seq: 1.5 },
  'seq a string': { ...word, seq: '1' },
  'seq past the safe limit': { ...word, seq: 2 ** 53 },
  'done false': { ...word, done: false },
  'done a string': { ...word, done: 'true' },
  'error an object': { ...word, error: { reason: 'x' } },
  'finish_reason unknown': { ...word, done: true, seq: 1, finish_reason: 'content_filter' },
  'usage missing a count': { ...word, done: true, seq: 1, usage: { prompt_tokens: 1, completion_tokens: 2 } },
  'usage negative': { ...word, done: true, seq: 1, usage: { prompt_tokens: -1, completion_tokens: 2, total_tokens: 1 } },
  'usage an array': { ...word, done: true, seq: 1, usage: [1, 2, 3] },
};

function schemaAccepts(value: unknown): boolean {
  try {
    parseMessage(WordMessage, value);
    return true;
  } catch {
    return false;
  }
}

describe('the word message schema and its hot-path reader', () => {
  it.each(Object.entries(cases))('agree on: %s', (_, value) => {
    const content = Buffer.from(JSON.stringify(value));
    expect(readWordMessage(content) !== null).toBe(schemaAccepts(value));
  });

  it('accept exactly the valid cases', () => {
    const accepted = Object.keys(cases).filter((name) => readWordMessage(Buffer.from(JSON.stringify(cases[name]))) !== null);
    expect(accepted).toEqual([
      'original protocol: no seq, sep or done',
      'numbered word with its separator',
      'end message',
      'failed end message',
      'end at a limit, with usage',
      'unknown extra field',
      'uppercase uuid',
      'message_id a uuid v1, as the original gateway makes them',
      'chat_id a uuid v7',
      'message_id the nil uuid',
      'empty text',
      'seq at the safe limit',
    ]);
  });

  it('refuse what is not a JSON object', () => {
    for (const body of ['not json', '[]', 'null', '"text"', '42']) expect(readWordMessage(Buffer.from(body))).toBeNull();
  });
});
