import { answerWords } from './answer';

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
