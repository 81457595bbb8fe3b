import type { EventStreamOutcome, SseEvent } from '../../test/support/sse-client';
import { END_MARKER } from './expected-answer';

export interface AnswerCheckOptions {
  chatId: string;
  chatTitle: string;
  messageId: string;
  /** The words the answer must have, in order. */
  words: string[];
  /** Keep the gap between consecutive words (in `gaps`). */
  keepGaps?: boolean;
  /** Called with the arrival time of each good word. */
  onWord?: (at: number) => void;
}

/** The fields of a word event's JSON that the check reads; anything may be missing or of another type. */
type WordData = Partial<Record<'chat_id' | 'chat_title' | 'message_id' | 'seq' | 'text' | 'done', unknown>>;

/**
 * Checks one answer's events as they arrive: every word exactly once, in order, with the expected
 * text and ids, then the done event, then `event: end`, then the server closing the response.
 * Records when words arrived; the first problem of an answer is enough to report it.
 */
class AnswerCheck {
  readonly chatId: string;
  readonly chatTitle: string;
  readonly messageId: string;
  readonly words: string[];
  readonly onWord?: (at: number) => void;
  received = 0;
  private doneSeen = false;
  private endSeen = false;
  firstWordAt: number | undefined;
  private lastWordAt: number | undefined;
  readonly gaps: number[] | undefined;
  error: string | undefined;

  constructor({ chatId, chatTitle, messageId, words, keepGaps = false, onWord }: AnswerCheckOptions) {
    this.chatId = chatId;
    this.chatTitle = chatTitle;
    this.messageId = messageId;
    this.words = words;
    this.onWord = onWord;
    this.gaps = keepGaps ? [] : undefined;
  }

  onEvent(event: SseEvent, at: number): void {
    if (this.error) return;
    if (event.event === 'message') return this.onData(event, at);
    if (event.event === 'end' && event.data === 'Stream ended' && this.doneSeen && !this.endSeen) return void (this.endSeen = true);
    this.fail(`unexpected event ${event.event}: ${event.data.slice(0, 200)}`);
  }

  /** Called when the response is over; returns the answer's problem, if any. */
  finish({ status, complete, body }: EventStreamOutcome): string | undefined {
    if (this.error) return this.error;
    if (status !== 200) return this.fail(`GET /stream answered ${status}: ${String(body).slice(0, 200)}`);
    if (!this.endSeen) return this.fail(`stream closed after ${this.received}/${this.words.length} words without the end event`);
    if (!complete) return this.fail('the response was cut off after the end event');
    return undefined;
  }

  fail(problem: string): string {
    this.error ??= `message ${this.messageId}: ${problem}`;
    return this.error;
  }

  private onData(event: SseEvent, at: number): void {
    let word: WordData;
    try {
      word = fieldsOf(JSON.parse(event.data));
    } catch {
      return void this.fail(`data is not JSON: ${event.data.slice(0, 200)}`);
    }
    if (this.endSeen || this.doneSeen) return void this.fail(`data after the done event (seq ${String(word.seq)})`);
    if (word.chat_id !== this.chatId || word.message_id !== this.messageId || word.chat_title !== this.chatTitle) {
      return void this.fail(`wrong ids or title in ${event.data.slice(0, 200)}`);
    }
    const seq = this.received + 1;
    if (word.seq !== seq || event.id !== String(seq))
      return void this.fail(`expected seq ${seq}, got seq ${String(word.seq)} id ${String(event.id)}`);
    if (word.done === true) return this.onDone(word);
    if (seq > this.words.length) return void this.fail(`extra word ${JSON.stringify(word.text)} at seq ${seq}`);
    if (word.text !== this.words[seq - 1])
      return void this.fail(`seq ${seq}: expected ${JSON.stringify(this.words[seq - 1])}, got ${JSON.stringify(word.text)}`);
    this.recordWord(at);
  }

  private onDone(word: WordData): void {
    if (this.received !== this.words.length) return void this.fail(`done after ${this.received}/${this.words.length} words`);
    if (word.text !== END_MARKER) return void this.fail(`done event with text ${JSON.stringify(word.text)}`);
    this.doneSeen = true;
  }

  private recordWord(at: number): void {
    this.received += 1;
    // The first word sets both times, so a word with a previous one has a gap to keep.
    if (this.lastWordAt === undefined) this.firstWordAt = at;
    else if (this.gaps) this.gaps.push(at - this.lastWordAt);
    this.lastWordAt = at;
    this.onWord?.(at);
  }
}

/** A parsed event's fields; a JSON value that is not an object (a number, null) has none. */
function fieldsOf(data: unknown): WordData {
  return typeof data === 'object' && data !== null ? data : {};
}

export { AnswerCheck };
