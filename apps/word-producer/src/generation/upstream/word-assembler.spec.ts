import { AnswerToken } from '../answer';
import { WordAssembler } from './word-assembler';

/** The words as they come out, each after the delta that completed it: `|` marks where a delta ended. */
function assemble(deltas: string[]): (AnswerToken | '|')[] {
  const assembler = new WordAssembler();
  const out: (AnswerToken | '|')[] = [];
  for (const delta of deltas) out.push(...assembler.push(delta), '|');
  out.push(...assembler.end());
  return out;
}

describe('WordAssembler', () => {
  it('sends a word once the white space after it has arrived and the next word begins', () => {
    expect(assemble(['Hello', ' wor', 'ld', ' and ', 'more'])).toEqual([
      '|',
      { text: 'Hello', sep: ' ' },
      '|',
      '|',
      { text: 'world', sep: ' ' },
      '|',
      { text: 'and', sep: ' ' },
      '|',
      { text: 'more', sep: '' },
    ]);
  });

  it('joins white space cut between deltas into one separator', () => {
    expect(assemble(['a \n', '\n  ', 'b'])).toEqual(['|', '|', { text: 'a', sep: ' \n\n  ' }, '|', { text: 'b', sep: '' }]);
  });

  it('keeps line breaks, tabs and code as they were, across many lines', () => {
    expect(assemble(['```js\ncon', 'st x = 1;\n', '```\n\n', '- item\t', 'one\n'])).toEqual([
      { text: '```js', sep: '\n' },
      '|',
      { text: 'const', sep: ' ' },
      { text: 'x', sep: ' ' },
      { text: '=', sep: ' ' },
      '|',
      { text: '1;', sep: '\n' },
      '|',
      { text: '```', sep: '\n\n' },
      { text: '-', sep: ' ' },
      '|',
      { text: 'item', sep: '\t' },
      '|',
      { text: 'one', sep: '\n' },
    ]);
  });

  it('keeps emoji, combining marks and CJK whole, a CJK run without spaces being one word', () => {
    expect(assemble(['👩‍💻 nai', '\u0308ve café', ' 日本語の', '文章です。\u3000次', '🎉'])).toEqual([
      { text: '👩‍💻', sep: ' ' },
      '|',
      { text: 'nai\u0308ve', sep: ' ' },
      '|',
      { text: 'café', sep: ' ' },
      '|',
      { text: '日本語の文章です。', sep: '\u3000' },
      '|',
      '|',
      { text: '次🎉', sep: '' },
    ]);
  });

  it('sends white space before the first word as a word with an empty text', () => {
    expect(assemble(['\n\n', ' Hi'])).toEqual(['|', { text: '', sep: '\n\n ' }, '|', { text: 'Hi', sep: '' }]);
  });

  it('ends on the last word with the white space the text ended with, or none', () => {
    expect(assemble(['end', ' \n'])).toEqual(['|', '|', { text: 'end', sep: ' \n' }]);
    expect(assemble(['end'])).toEqual(['|', { text: 'end', sep: '' }]);
  });

  it('sends nothing for no text, and white space alone as one empty word', () => {
    expect(assemble([])).toEqual([]);
    expect(assemble(['', ''])).toEqual(['|', '|']);
    expect(assemble([' ', '\n'])).toEqual(['|', '|', { text: '', sep: ' \n' }]);
  });
});
