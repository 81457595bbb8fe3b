import { release, runAnswer, startChat, type AnswerContext } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { textForAnswerOf } from './expected-answer';
import { createAgent } from './http-json';
import type { JobControl } from './job-control';

const PHASE_TIMEOUT_MS = 300_000;

export interface KeptAnswersParams {
  baseUrl: string;
  answers: number;
  answerWords: number;
  concurrency: number;
}

export interface KeptAnswersResult {
  kept: number;
  errors: ErrorSummary;
}

export interface KeptAnswersReports {
  /** Every answer has been read to its end and is kept, unreleased. */
  kept: { messageIds: string[] };
}

/**
 * Reads `answers` answers to their end, `concurrency` at a time, and does not release them, as a
 * client that vanished after the end would not: the gateway keeps each for a resume. Reports `kept`
 * with their ids; on `release`, releases them all (DELETE), as the chat page does.
 */
async function runKeptAnswers(
  { baseUrl, answers, answerWords, concurrency }: KeptAnswersParams,
  control: JobControl<KeptAnswersReports>,
): Promise<KeptAnswersResult> {
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const messageIds: string[] = [];
  const text = textForAnswerOf(answerWords);
  const chatId = await startChat(context);
  let next = 0;
  const lane = async () => {
    while (next++ < answers) {
      const answer = await runAnswer(context, { chatId, text, keep: true });
      if (answer.error) errors.add(answer.error);
      if (answer.messageId) messageIds.push(answer.messageId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  control.report('kept', { messageIds });
  await control.waitFor('release', PHASE_TIMEOUT_MS);
  for (const messageId of messageIds) {
    const error = await release(context.agent, `${baseUrl}/stream/${chatId}/${messageId}`, undefined, messageId);
    if (error) errors.add(error);
  }
  context.agent.destroy();
  return { kept: messageIds.length, errors };
}

export { runKeptAnswers };
