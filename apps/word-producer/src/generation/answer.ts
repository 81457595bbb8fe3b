export const ANSWER_PREFIX = 'This is generated on the server side. Here is your original message:';

/** The words of the worker's answer to `text`, in order, split on any white space. */
export function answerWords(text: string): string[] {
  return `${ANSWER_PREFIX} ${text}`.split(/\s+/).filter((word) => word.length > 0);
}
