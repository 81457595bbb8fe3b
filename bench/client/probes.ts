import { isComplete, runAnswer, startChat, type AnswerContext } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { watchEventLoop, type EventLoopLag } from './event-loop-lag';
import { textForAnswerOf } from './expected-answer';
import { createAgent } from './http-json';
import type { JobControl, NoReports } from './job-control';
import { sleep } from './sleep';

export interface ProbesParams {
  baseUrl: string;
  count: number;
  maxMs: number;
  pauseMs: number;
  answerWords: number;
}

export interface ProbesResult {
  /** Of the answers without error. */
  ttfwMs: number[];
  acceptedMs: number[];
  messageIds: string[];
  errors: ErrorSummary;
  eventLoop: EventLoopLag;
}

/**
 * Time to first word of one message at a time: each probe starts after the previous one has ended.
 * Runs until `count` probes, `maxMs`, or a `stop` signal from the parent, whichever comes first.
 */
async function runProbes(
  { baseUrl, count, maxMs, pauseMs, answerWords }: ProbesParams,
  control: JobControl<NoReports>,
): Promise<ProbesResult> {
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const text = textForAnswerOf(answerWords);
  const errors = new ErrorLog();
  const ttfwMs: number[] = [];
  const acceptedMs: number[] = [];
  const messageIds: string[] = [];
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const chatId = await startChat(context);
  const deadline = performance.now() + maxMs;
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    const answer = await runAnswer(context, { chatId, text });
    errors.add(answer.error);
    if (answer.messageId) messageIds.push(answer.messageId);
    if (isComplete(answer)) ttfwMs.push(answer.ttfwMs);
    if (isComplete(answer)) acceptedMs.push(answer.acceptedMs);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  context.agent.destroy();
  return { ttfwMs, acceptedMs, messageIds, errors, eventLoop: lag.stop() };
}

export { runProbes };
