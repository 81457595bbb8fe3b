// Copies of apps/word-producer/src/generation/answer.ts and libs/contracts' END_MARKER: the bench
// checks the apps from outside, so it must not take its expectations from their code.
const ANSWER_PREFIX = 'This is generated on the server side. Here is your original message:';
const END_MARKER = '^*END*^';

function expectedWords(text: string): string[] {
  return `${ANSWER_PREFIX} ${text}`.split(/\s+/).filter((word) => word.length > 0);
}

const PREFIX_WORDS = expectedWords('').length;

/** The whole text of the answer to `text`, as a reader of separators rebuilds it. */
function expectedAnswerText(text: string): string {
  return `${ANSWER_PREFIX} ${text}`;
}

/** A message whose answer has `answerWords` words in all, each one distinct so that order is checkable. */
function textForAnswerOf(answerWords: number): string {
  const own = Math.max(1, answerWords - PREFIX_WORDS);
  return Array.from({ length: own }, (_, index) => `w${String(index + 1).padStart(4, '0')}`).join(' ');
}

/** The same, with one-letter words, for answers too long to number within MAX_TEXT_LENGTH (4000). */
function shortTextForAnswerOf(answerWords: number): string {
  return 'w '.repeat(Math.max(1, answerWords - PREFIX_WORDS)).trim();
}

export { END_MARKER, expectedAnswerText, expectedWords, textForAnswerOf, shortTextForAnswerOf };
