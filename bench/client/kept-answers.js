'use strict';
const { release, runAnswer, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { textForAnswerOf } = require('./expected-answer');
const { createAgent } = require('./http-json');

const PHASE_TIMEOUT_MS = 300_000;

/**
 * Reads `answers` answers to their end, `concurrency` at a time, and does not release them, as a
 * client that vanished after the end would not: the gateway keeps each for a resume. Reports `kept`
 * with their ids; on `release`, releases them all (DELETE), as the chat page does.
 */
async function runKeptAnswers({ baseUrl, answers, answerWords, concurrency }, control) {
  const context = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const messageIds = [];
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

module.exports = { runKeptAnswers };
