import { AnswerToken } from '../answer';

/**
 * Turns a model's deltas, pieces of text cut anywhere, into words each with the white space after
 * it: a word goes out once the white space after it has arrived and the next word begins, the last
 * one at the end. The words joined with their separators are the deltas joined, exactly.
 *
 * White space before the first word goes out as a word of its own with an empty text rather than
 * being dropped, so that a reader of `sep` still gets the model's text exactly; a reader that joins
 * words with single spaces (the original page) shows it as a leading space.
 */
export class WordAssembler {
  private word = '';
  private sep = '';

  *push(delta: string): Generator<AnswerToken> {
    for (const [run] of delta.matchAll(/\s+|\S+/g)) {
      if (/^\s/.test(run)) {
        this.sep += run;
        continue;
      }
      if (this.sep !== '') yield this.take();
      this.word += run;
    }
  }

  /** The last word, with whatever white space ended the text ('' when none). */
  *end(): Generator<AnswerToken> {
    if (this.word !== '' || this.sep !== '') yield this.take();
  }

  private take(): AnswerToken {
    const token = { text: this.word, sep: this.sep };
    this.word = '';
    this.sep = '';
    return token;
  }
}
