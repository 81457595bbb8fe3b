'use strict';
const { runAnswer, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { watchEventLoop } = require('./event-loop-lag');
const { textForAnswerOf } = require('./expected-answer');
const { createAgent } = require('./http-json');
const { sleep } = require('./sleep');

/**
 * Time to first word of new messages while a load runs: one new message every `everyMs`, whether
 * or not the previous ones have finished (under load an answer takes seconds, and waiting for it
 * would leave a handful of samples). Stops sending at the `stop` signal, `count` or `maxMs`, then
 * reads every probe to its end.
 */
async function runProbeArrivals({ baseUrl, count, maxMs, everyMs, answerWords }, control) {
  const context = { baseUrl, agent: createAgent() };
  const text = textForAnswerOf(answerWords);
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const chatId = await startChat(context);
  const deadline = performance.now() + maxMs;
  const running = [];
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    running.push(runAnswer(context, { chatId, text }));
    await sleep(everyMs);
  }
  const answers = await Promise.all(running);
  context.agent.destroy();
  const errors = new ErrorLog();
  for (const answer of answers) errors.add(answer.error);
  const good = answers.filter((answer) => !answer.error);
  return {
    ttfwMs: good.map((answer) => answer.ttfwMs),
    acceptedMs: good.map((answer) => answer.acceptedMs),
    messageIds: answers.filter((answer) => answer.messageId).map((answer) => answer.messageId),
    errors,
    eventLoop: lag.stop(),
  };
}

module.exports = { runProbeArrivals };
