import { runAnswer, startChat, type AnswerContext, type AnswerOutcome } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { watchEventLoop, type EventLoopLag } from './event-loop-lag';
import { textForAnswerOf } from './expected-answer';
import { createAgent } from './http-json';
import type { JobControl, WindowReports } from './job-control';
import { sharedAbort } from './shared-abort';

export interface ClosedLoopParams {
  baseUrl: string;
  concurrency: number;
  answerWords: number;
  measureMs: number;
  warmupMinMs: number;
  warmupMaxMs: number;
  drainMs: number;
  maxAnswers: number;
}

export interface ClosedLoopResult {
  windowMs: number;
  wordsInWindow: number;
  answersInWindow: number;
  /** Over the whole run, not only the window. */
  answers: number;
  words: number;
  messageIds: string[];
  ttfwMs: number[];
  errors: ErrorSummary;
  eventLoop: EventLoopLag;
  concurrency: number;
  answerWords: number;
}

/**
 * Keeps `concurrency` answers streaming, starting a new message as soon as one ends. The measuring
 * window opens once every first answer has its first word and `warmupMinMs` have passed (start-up
 * and a cold JIT are not steady state), or at `warmupMaxMs` at the latest, and lasts
 * `measureMs`; then no new message starts and the ones in flight finish, within `drainMs`.
 * Tells the parent `window-open` and `window-closed`, so that probes can run inside the window.
 */
async function runClosedLoop(params: ClosedLoopParams, control: JobControl<WindowReports>): Promise<ClosedLoopResult> {
  const { baseUrl, concurrency, answerWords, measureMs, warmupMinMs, warmupMaxMs, drainMs, maxAnswers } = params;
  const text = textForAnswerOf(answerWords);
  const giveUp = sharedAbort();
  const context: AnswerContext = { baseUrl, agent: createAgent(), signal: giveUp.signal };
  const window = new MeasuringWindow(measureMs, control);
  const results = new Results();
  const lag = watchEventLoop();
  const chats = await Promise.all(Array.from({ length: concurrency }, () => startChat(context)));
  const startedAt = performance.now();
  const warmupTimer = setTimeout(() => window.open(), warmupMaxMs);
  const openWhenWarm = () => setTimeout(() => window.open(), Math.max(0, startedAt + warmupMinMs - performance.now()));
  let started = 0;
  let firstWords = 0;
  const onFirstWord = () => ++firstWords === concurrency && openWhenWarm();

  async function lane(chatId: string): Promise<void> {
    while (!window.closed && started < maxAnswers) {
      started += 1;
      let seenFirst = false;
      const onWord = (at: number) => {
        if (!seenFirst) {
          seenFirst = true;
          onFirstWord();
        }
        window.countWord(at);
      };
      const answer = await runAnswer(context, { chatId, text, onWord });
      window.countAnswer(performance.now(), answer);
      results.add(answer);
    }
  }

  const lanes = Promise.all(chats.map(lane));
  await window.closing;
  clearTimeout(warmupTimer);
  const drainTimer = setTimeout(() => giveUp.abort(), drainMs);
  await lanes;
  clearTimeout(drainTimer);
  if (giveUp.signal.aborted) results.errors.add(`answers still running ${drainMs} ms after the window were cut off`);
  context.agent.destroy();
  return { ...window.summary(), ...results.summary(), eventLoop: lag.stop(), concurrency, answerWords };
}

class MeasuringWindow {
  openedAt: number | undefined;
  closedAt: number | undefined;
  words = 0;
  answers = 0;
  /** Resolves once the window has closed. */
  readonly closing: Promise<void>;
  private onClosed: () => void;

  constructor(
    private readonly measureMs: number,
    private readonly control: JobControl<WindowReports>,
  ) {
    this.closing = new Promise((resolve) => (this.onClosed = resolve));
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  open(): void {
    if (this.openedAt !== undefined) return;
    this.openedAt = performance.now();
    this.control.report('window-open');
    setTimeout(() => this.close(), this.measureMs);
  }

  close(): void {
    this.closedAt = performance.now();
    this.control.report('window-closed');
    this.onClosed();
  }

  inside(at: number): boolean {
    return this.openedAt !== undefined && at >= this.openedAt && (this.closedAt === undefined || at <= this.closedAt);
  }

  countWord(at: number): void {
    if (this.inside(at)) this.words += 1;
  }

  countAnswer(at: number, answer: AnswerOutcome): void {
    if (!answer.error && this.inside(at)) this.answers += 1;
  }

  summary(): Pick<ClosedLoopResult, 'windowMs' | 'wordsInWindow' | 'answersInWindow'> {
    // Asked once closed, so both are set (a missing one would give NaN, as before).
    const windowMs = (this.closedAt ?? NaN) - (this.openedAt ?? NaN);
    return { windowMs, wordsInWindow: this.words, answersInWindow: this.answers };
  }
}

class Results {
  readonly errors = new ErrorLog();
  answers = 0;
  words = 0;
  readonly messageIds: string[] = [];
  readonly ttfwMs: number[] = [];

  add(answer: AnswerOutcome): void {
    this.answers += 1;
    this.words += answer.words ?? 0;
    this.errors.add(answer.error);
    if (answer.messageId) this.messageIds.push(answer.messageId);
    if (answer.ttfwMs !== undefined) this.ttfwMs.push(answer.ttfwMs);
  }

  summary(): Pick<ClosedLoopResult, 'answers' | 'words' | 'messageIds' | 'ttfwMs' | 'errors'> {
    return { answers: this.answers, words: this.words, messageIds: this.messageIds, ttfwMs: this.ttfwMs, errors: this.errors };
  }
}

export { runClosedLoop };
