import { messageIdsOf, runAnswer, startChat, type AnswerContext, type AnswerOutcome } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { watchEventLoop, type EventLoopLag } from './event-loop-lag';
import { textForAnswerOf } from './expected-answer';
import { createAgent } from './http-json';
import { sharedAbort } from './shared-abort';
import { sleep } from './sleep';

const CHATS = 10;

export interface RampParams {
  baseUrl: string;
  streams: number;
  rampMs: number;
  answerWords: number;
  maxMs: number;
}

export interface RampResult {
  streams: number;
  /** Streams read whole without error. */
  complete: number;
  /** Between consecutive words of a stream, every stream's, rounded to 0.01 ms. */
  gapsMs: number[];
  ttfwMs: number[];
  /** The POST's part of each TTFW: until the message was accepted. */
  acceptedMs: number[];
  messageIds: string[];
  errors: ErrorSummary;
  eventLoop: EventLoopLag;
  /** True when `maxMs` ran out. */
  cutOff: boolean;
}

/**
 * Starts `streams` messages evenly over `rampMs` and reads them all to the end, keeping the gap
 * between consecutive words of each stream. Whatever still runs after `maxMs` is cut off.
 */
async function runRamp({ baseUrl, streams, rampMs, answerWords, maxMs }: RampParams): Promise<RampResult> {
  const giveUp = sharedAbort();
  const context: AnswerContext = { baseUrl, agent: createAgent(), signal: giveUp.signal };
  const timer = setTimeout(() => giveUp.abort(), maxMs);
  const text = textForAnswerOf(answerWords);
  const lag = watchEventLoop();
  const chats = await Promise.all(Array.from({ length: CHATS }, () => startChat(context)));
  const startedAt = performance.now();
  const running: Promise<AnswerOutcome>[] = [];
  for (let index = 0; index < streams && !giveUp.signal.aborted; index++) {
    const wait = startedAt + (index * rampMs) / streams - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(runAnswer(context, { chatId: chats[index % CHATS], text, keepGaps: true }));
  }
  const answers = await Promise.all(running);
  clearTimeout(timer);
  context.agent.destroy();
  return { ...summarise(answers, streams), eventLoop: lag.stop(), cutOff: giveUp.signal.aborted };
}

function summarise(answers: AnswerOutcome[], streams: number): Omit<RampResult, 'eventLoop' | 'cutOff'> {
  const errors = new ErrorLog();
  const gapsMs: number[] = [];
  const ttfwMs: number[] = [];
  const acceptedMs: number[] = [];
  let complete = 0;
  for (const answer of answers) {
    errors.add(answer.error);
    if (!answer.error) complete += 1;
    if (answer.ttfwMs !== undefined) ttfwMs.push(answer.ttfwMs);
    if (answer.acceptedMs !== undefined) acceptedMs.push(answer.acceptedMs);
    for (const gap of answer.gaps ?? []) gapsMs.push(Math.round(gap * 100) / 100);
  }
  if (answers.length < streams) errors.add(`only ${answers.length} of ${streams} streams were started`);
  const messageIds = messageIdsOf(answers);
  return { streams, complete, gapsMs, ttfwMs, acceptedMs, messageIds, errors };
}

export { runRamp };
