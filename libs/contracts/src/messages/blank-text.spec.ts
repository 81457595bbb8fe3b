import { IsString, validateSync } from 'class-validator';
import { IsNotBlank, isBlank } from './blank-text';

class Message {
  @IsString()
  @IsNotBlank()
  text: unknown;
}

const problems = (text: unknown) =>
  validateSync(Object.assign(new Message(), { text })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('isBlank', () => {
  it.each([
    ['empty', ''],
    ['spaces, tabs and line breaks', ' \t\r\n '],
    ['no-break and ideographic spaces', '\u00a0\u3000'],
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['zero-width joiner and non-joiner, word joiner, byte order mark', '\u200c\u200d\u2060\ufeff'],
    ['a soft hyphen and bidi controls', '\u00ad\u200e\u202e\u2066'],
    ['a Hangul filler', '\u3164'],
    ['4000 lone combining acute accents', '\u0301'.repeat(4000)],
    ['marks after white space only', ' \u0301\u0308 \ufe0f'],
  ])('calls %s blank', (_, text) => {
    expect(isBlank(text)).toBe(true);
  });

  it.each([
    ['a letter', 'a'],
    ['a letter with its combining accent', 'e\u0301'],
    ['a word among zero-width spaces', '\u200bhi\u200b'],
    ['an emoji', '\u{1F600}'],
    ['a Braille blank, a visible cell', '\u2800'],
    ['a digit after a line break', '\n7'],
  ])('does not call %s blank', (_, text) => {
    expect(isBlank(text)).toBe(false);
  });
});

describe('@IsNotBlank', () => {
  it('refuses a blank string with a message that says what counts as blank', () => {
    expect(problems('\u200b\u200b\u200b')).toEqual([
      'text must not be blank (white space, zero-width characters and lone combining marks do not count)',
    ]);
  });

  it('takes a string that shows something, and leaves other types to @IsString', () => {
    expect(problems('e\u0301')).toEqual([]);
    expect(problems(42)).toEqual(['text must be a string']);
  });
});
