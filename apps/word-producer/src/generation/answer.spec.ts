import { answerTokens, answerWords } from './answer';

describe('answerWords', () => {
  it('prefixes the original message and splits it into words', () => {
    expect(answerWords('hello world')).toEqual([
      'This',
      'is',
      'generated',
      'on',
      'the',
      'server',
      'side.',
      'Here',
      'is',
      'your',
      'original',
      'message:',
      'hello',
      'world',
    ]);
  });

  it('splits on any white space and drops empty words', () => {
    expect(answerWords('  a\tb\n\nc  ').slice(-3)).toEqual(['a', 'b', 'c']);
  });

  it('keeps markup and the end marker as plain words', () => {
    expect(answerWords('<b>x</b> ^*END*^').slice(-2)).toEqual(['<b>x</b>', '^*END*^']);
  });
});

describe('answerTokens', () => {
  it('keeps the white space after each word, so that the answer is the prefix and the message exactly', () => {
    const text = 'first  line\n\n```js\nconst x = 1;\n```\n\tlast ';
    const tokens = answerTokens(text);
    expect(tokens.map((token) => token.text + token.sep).join('')).toBe(
      `This is generated on the server side. Here is your original message: ${text}`,
    );
    expect(tokens.slice(-9)).toEqual([
      { text: 'first', sep: '  ' },
      { text: 'line', sep: '\n\n' },
      { text: '```js', sep: '\n' },
      { text: 'const', sep: ' ' },
      { text: 'x', sep: ' ' },
      { text: '=', sep: ' ' },
      { text: '1;', sep: '\n' },
      { text: '```', sep: '\n\t' },
      { text: 'last', sep: ' ' },
    ]);
  });

  it('gives the last word an empty separator when the message ends on a word', () => {
    expect(answerTokens('a b').at(-1)).toEqual({ text: 'b', sep: '' });
  });
});
