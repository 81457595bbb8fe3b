import { runAnswer, startChat, type AnswerContext, type AnswerOutcome } from './answer-run';
import { watchEventLoop } from './event-loop-lag';
import { textForAnswerOf } from './expected-answer';
import { createAgent } from './http-json';
import type { JobControl, NoReports } from './job-control';
import { probesResult, type ProbesResult } from './probes';
import { sleep } from './sleep';

export interface ProbeArrivalsParams {
  baseUrl: string;
  count: number;
  maxMs: number;
  everyMs: number;
  answerWords: number;
}

/**
 * Time to first word of new messages while a load runs: one new message every `everyMs`, whether
 * or not the previous ones have finished (under load an answer takes seconds, and waiting for it
 * would leave a handful of samples). Stops sending at the `stop` signal, `count` or `maxMs`, then
 * reads every probe to its end.
 */
async function runProbeArrivals(
  { baseUrl, count, maxMs, everyMs, answerWords }: ProbeArrivalsParams,
  control: JobControl<NoReports>,
): Promise<ProbesResult> {
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const text = textForAnswerOf(answerWords);
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const chatId = await startChat(context);
  const deadline = performance.now() + maxMs;
  const running: Promise<AnswerOutcome>[] = [];
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    running.push(runAnswer(context, { chatId, text }));
    await sleep(everyMs);
  }
  const answers = await Promise.all(running);
  context.agent.destroy();
  return probesResult(answers, lag.stop());
}

export { runProbeArrivals };
