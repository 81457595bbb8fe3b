import { isComplete, messageIdsOf, runAnswer, startChat, type AnswerContext, type AnswerOutcome } from './answer-run';
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
  /** Each probe in a chat of its own (a chat's first message), rather than all in one (a chat's next messages). */
  newChatEach?: boolean;
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
  { baseUrl, count, maxMs, pauseMs, answerWords, newChatEach = false }: ProbesParams,
  control: JobControl<NoReports>,
): Promise<ProbesResult> {
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const text = textForAnswerOf(answerWords);
  const answers: AnswerOutcome[] = [];
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const oneChat = await startChat(context);
  const deadline = performance.now() + maxMs;
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    const chatId = newChatEach ? await startChat(context) : oneChat;
    answers.push(await runAnswer(context, { chatId, text }));
    if (pauseMs > 0) await sleep(pauseMs);
  }
  context.agent.destroy();
  return probesResult(answers, lag.stop());
}

/** What probes found: the times of the answers without error, and every problem. */
function probesResult(answers: AnswerOutcome[], eventLoop: EventLoopLag): ProbesResult {
  const errors = new ErrorLog();
  for (const answer of answers) errors.add(answer.error);
  const good = answers.filter(isComplete);
  return {
    ttfwMs: good.map((answer) => answer.ttfwMs),
    acceptedMs: good.map((answer) => answer.acceptedMs),
    messageIds: messageIdsOf(answers),
    errors,
    eventLoop,
  };
}

export { runProbes, probesResult };
