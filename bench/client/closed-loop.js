'use strict';
const { runAnswer, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { watchEventLoop } = require('./event-loop-lag');
const { textForAnswerOf } = require('./expected-answer');
const { createAgent } = require('./http-json');
const { sharedAbort } = require('./shared-abort');

/**
 * Keeps `concurrency` answers streaming, starting a new message as soon as one ends. The measuring
 * window opens once every first answer has its first word and `warmupMinMs` have passed (start-up
 * and a cold JIT are not steady state), or at `warmupMaxMs` at the latest, and lasts
 * `measureMs`; then no new message starts and the ones in flight finish, within `drainMs`.
 * Tells the parent `window-open` and `window-closed`, so that probes can run inside the window.
 */
async function runClosedLoop(params, control) {
  const { baseUrl, concurrency, answerWords, measureMs, warmupMinMs, warmupMaxMs, drainMs, maxAnswers } = params;
  const text = textForAnswerOf(answerWords);
  const giveUp = sharedAbort();
  const context = { baseUrl, agent: createAgent(), signal: giveUp.signal };
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

  async function lane(chatId) {
    while (!window.closed && started < maxAnswers) {
      started += 1;
      let seenFirst = false;
      const onWord = (at) => {
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
  constructor(measureMs, control) {
    Object.assign(this, { measureMs, control, openedAt: undefined, closedAt: undefined, words: 0, answers: 0 });
    this.closing = new Promise((resolve) => (this.onClosed = resolve));
  }

  get closed() {
    return this.closedAt !== undefined;
  }

  open() {
    if (this.openedAt !== undefined) return;
    this.openedAt = performance.now();
    this.control.report('window-open');
    setTimeout(() => this.close(), this.measureMs);
  }

  close() {
    this.closedAt = performance.now();
    this.control.report('window-closed');
    this.onClosed();
  }

  inside(at) {
    return this.openedAt !== undefined && at >= this.openedAt && (this.closedAt === undefined || at <= this.closedAt);
  }

  countWord(at) {
    if (this.inside(at)) this.words += 1;
  }

  countAnswer(at, answer) {
    if (!answer.error && this.inside(at)) this.answers += 1;
  }

  summary() {
    const windowMs = this.closedAt - this.openedAt;
    return { windowMs, wordsInWindow: this.words, answersInWindow: this.answers };
  }
}

class Results {
  constructor() {
    this.errors = new ErrorLog();
    this.answers = 0;
    this.words = 0;
    this.messageIds = [];
    this.ttfwMs = [];
  }

  add(answer) {
    this.answers += 1;
    this.words += answer.words ?? 0;
    this.errors.add(answer.error);
    if (answer.messageId) this.messageIds.push(answer.messageId);
    if (answer.ttfwMs !== undefined) this.ttfwMs.push(answer.ttfwMs);
  }

  summary() {
    return { answers: this.answers, words: this.words, messageIds: this.messageIds, ttfwMs: this.ttfwMs, errors: this.errors };
  }
}

module.exports = { runClosedLoop };
