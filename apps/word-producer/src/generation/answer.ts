export const ANSWER_PREFIX = 'This is generated on the server side. Here is your original message:';

/** A word of the answer and the white space that follows it in the answer's text. */
export interface AnswerToken {
  text: string;
  sep: string;
}

/**
 * The answer to `text`, word by word, each with the white space after it (line breaks included), so
 * that the tokens joined give back the answer exactly: the prefix, a space, then the message as sent.
 */
export function answerTokens(text: string): AnswerToken[] {
  return Array.from(`${ANSWER_PREFIX} ${text}`.matchAll(/(\S+)(\s*)/g), ([, word, sep]) => ({ text: word, sep }));
}

/** The words of the worker's answer to `text`, in order, split on any white space. */
export function answerWords(text: string): string[] {
  return answerTokens(text).map((token) => token.text);
}
