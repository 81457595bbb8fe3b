'use strict';
const { runAnswer, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { watchEventLoop } = require('./event-loop-lag');
const { textForAnswerOf } = require('./expected-answer');
const { createAgent } = require('./http-json');
const { sharedAbort } = require('./shared-abort');
const { sleep } = require('./sleep');

const CHATS = 10;

/**
 * Starts `streams` messages evenly over `rampMs` and reads them all to the end, keeping the gap
 * between consecutive words of each stream. Whatever still runs after `maxMs` is cut off.
 */
async function runRamp({ baseUrl, streams, rampMs, answerWords, maxMs }) {
  const giveUp = sharedAbort();
  const context = { baseUrl, agent: createAgent(), signal: giveUp.signal };
  const timer = setTimeout(() => giveUp.abort(), maxMs);
  const text = textForAnswerOf(answerWords);
  const lag = watchEventLoop();
  const chats = await Promise.all(Array.from({ length: CHATS }, () => startChat(context)));
  const startedAt = performance.now();
  const running = [];
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

function summarise(answers, streams) {
  const errors = new ErrorLog();
  const gapsMs = [];
  const ttfwMs = [];
  let complete = 0;
  for (const answer of answers) {
    errors.add(answer.error);
    if (!answer.error) complete += 1;
    if (answer.ttfwMs !== undefined) ttfwMs.push(answer.ttfwMs);
    for (const gap of answer.gaps ?? []) gapsMs.push(Math.round(gap * 100) / 100);
  }
  if (answers.length < streams) errors.add(`only ${answers.length} of ${streams} streams were started`);
  const messageIds = answers.filter((answer) => answer.messageId).map((answer) => answer.messageId);
  return { streams, complete, gapsMs, ttfwMs, messageIds, errors };
}

module.exports = { runRamp };
