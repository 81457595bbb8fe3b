/**
 * A word as a piece of the answer's running text, for formats that send text rather than words
 * (OpenAI's deltas, the AI SDK's): the word and the white space after it. Workers of the original
 * protocol send no separator; their words are joined with single spaces, as the original page does.
 */
export function wordContent(seq: number, text: string, sep: string | undefined): string {
  if (sep !== undefined) return text + sep;
  return seq === 1 ? text : ` ${text}`;
}
