import { needsTitle, titleFromText } from './chat-title';

describe('titleFromText', () => {
  it('keeps a short message whole, with its white space folded', () => {
    expect(titleFromText('  How do\n I stream   words? ')).toBe('How do I stream words?');
  });

  it('cuts a long message at a word boundary and marks the cut', () => {
    const text = 'word '.repeat(40);
    const title = titleFromText(text);
    expect(title).toBe(`${'word '.repeat(19)}word…`);
    expect(title.length).toBeLessThanOrEqual(100);
  });

  it('cuts a single over-long word at 99 characters', () => {
    expect(titleFromText('x'.repeat(300))).toBe(`${'x'.repeat(99)}…`);
  });

  it('never splits a character outside the basic plane', () => {
    const title = titleFromText('😀'.repeat(150));
    expect(Array.from(title)).toHaveLength(100);
    expect(title.endsWith('😀…')).toBe(true);
  });
});

describe('needsTitle', () => {
  it('asks for a title when none or the placeholder was sent', () => {
    expect(needsTitle(undefined)).toBe(true);
    expect(needsTitle('New Chat')).toBe(true);
    expect(needsTitle('  ')).toBe(true);
    expect(needsTitle('Trip to Rome')).toBe(false);
  });
});
