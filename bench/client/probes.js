'use strict';
const { runAnswer, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { watchEventLoop } = require('./event-loop-lag');
const { textForAnswerOf } = require('./expected-answer');
const { createAgent } = require('./http-json');
const { sleep } = require('./sleep');

/**
 * Time to first word of one message at a time: each probe starts after the previous one has ended.
 * Runs until `count` probes, `maxMs`, or a `stop` signal from the parent, whichever comes first.
 */
async function runProbes({ baseUrl, count, maxMs, pauseMs, answerWords }, control) {
  const context = { baseUrl, agent: createAgent() };
  const text = textForAnswerOf(answerWords);
  const errors = new ErrorLog();
  const ttfwMs = [];
  const acceptedMs = [];
  const messageIds = [];
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const chatId = await startChat(context);
  const deadline = performance.now() + maxMs;
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    const answer = await runAnswer(context, { chatId, text });
    errors.add(answer.error);
    if (answer.messageId) messageIds.push(answer.messageId);
    if (!answer.error) ttfwMs.push(answer.ttfwMs);
    if (!answer.error) acceptedMs.push(answer.acceptedMs);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  context.agent.destroy();
  return { ttfwMs, acceptedMs, messageIds, errors, eventLoop: lag.stop() };
}

module.exports = { runProbes };
