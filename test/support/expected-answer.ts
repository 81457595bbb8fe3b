import { answerWords } from '../../apps/word-producer/src/generation/answer';
import { SseEvent } from './sse-client';

export { answerWords };

/** The word texts of an SSE stream's word events (without the end marker event). */
export function wordTexts(events: SseEvent[]): string[] {
  return events
    .filter((event) => event.event === 'message')
    .map((event) => JSON.parse(event.data) as { text: string; done?: boolean })
    .filter((word) => !word.done)
    .map((word) => word.text);
}
