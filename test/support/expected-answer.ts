import { SseEvent } from './sse-client';

/**
 * What the default worker answers, written out here and never taken from its code: a test that
 * computed its expectation with the generator could not catch the generator's bugs.
 */
const PREFIX = 'This is generated on the server side. Here is your original message: ';

export interface AnswerToken {
  text: string;
  sep: string;
}

/** The whole text of the worker's answer to `text`. */
export function answerText(text: string): string {
  return PREFIX + text;
}

/** The answer's words, each with the white space that follows it ('' after the last). */
export function answerTokens(text: string): AnswerToken[] {
  const parts = answerText(text).split(/(\s+)/);
  const tokens: AnswerToken[] = [];
  for (let i = 0; i < parts.length; i += 2) if (parts[i] !== '') tokens.push({ text: parts[i], sep: parts[i + 1] ?? '' });
  return tokens;
}

/** The answer's words, in order. */
export function answerWords(text: string): string[] {
  return answerText(text)
    .split(/\s+/)
    .filter((word) => word !== '');
}

/** The word texts of an SSE stream's word events (without the end marker event). */
export function wordTexts(events: SseEvent[]): string[] {
  return events
    .filter((event) => event.event === 'message')
    .map((event) => JSON.parse(event.data) as { text: string; done?: boolean })
    .filter((word) => !word.done)
    .map((word) => word.text);
}
