import { ANSWER_PREFIX, answerTokens, answerWords } from '../../apps/word-producer/src/generation/answer';
import { SseEvent } from './sse-client';

export { answerTokens, answerWords };

/** The whole text of the worker's answer to `text`, as its words and separators give it back. */
export function answerText(text: string): string {
  return `${ANSWER_PREFIX} ${text}`;
}

/** The word texts of an SSE stream's word events (without the end marker event). */
export function wordTexts(events: SseEvent[]): string[] {
  return events
    .filter((event) => event.event === 'message')
    .map((event) => JSON.parse(event.data) as { text: string; done?: boolean })
    .filter((word) => !word.done)
    .map((word) => word.text);
}
