'use strict';
const { AMQP_URL } = require('../broker/amqp-url');
const { Problems } = require('../lib/problems');
const { reportReplyQueuesLeft } = require('../lib/reply-queues-left');
const { format, row } = require('../lib/rows');

const TARGET_RATIO = 0.4;

/**
 * Figures 1b and 2b: the broker's raw reply-queue lifecycles/s on 16 channels, then, right after,
 * whole short messages/s end to end (POST /start/{chat} to the end event, many in parallel).
 */
async function measureMessages(ctx) {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const rawParams = { amqpUrl: AMQP_URL, ...ctx.sizes.rawLifecycles };
  const raw = await ctx.load.run('rawLifecycles', rawParams, { timeoutMs: rawParams.warmupMs + rawParams.measureMs + 30_000 });
  const size = ctx.sizes.e2eMessages;
  const load = await ctx.load.run('closedLoop', { baseUrl, ...size }, { timeoutMs: size.warmupMaxMs + size.measureMs + size.drainMs + 30_000 });
  const rawProblems = new Problems();
  rawProblems.addLog(raw.errors);
  const problems = new Problems();
  problems.addLog(raw.errors);
  problems.addLog(load.errors);
  await reportReplyQueuesLeft(ctx.admin, load.messageIds, problems);
  const perSecond = (load.answersInWindow / load.windowMs) * 1000;
  const ratio = perSecond / raw.perSecond;
  return {
    problems,
    data: {
      raw: { lifecyclesPerSecond: raw.perSecond, channels: raw.channels, lifecycles: raw.inWindow, windowMs: raw.windowMs },
      e2e: { messagesPerSecond: perSecond, ratio, concurrency: load.concurrency, answerWords: load.answerWords, windowMs: load.windowMs, messagesInWindow: load.answersInWindow, clientEventLoop: load.eventLoop },
    },
    rows: [
      row({ figure: '1', name: `raw reply-queue lifecycles/s (${raw.channels} channels)`, value: raw.perSecond, unit: 'lifecycles/s', errors: rawProblems.count }),
      row({
        figure: '2',
        name: `e2e new messages/s (${load.concurrency} in parallel, ${load.answerWords}-word answers)`,
        value: perSecond,
        text: `${format(perSecond)} messages/s = ${ratio.toFixed(2)} x raw`,
        target: `>= ${TARGET_RATIO} x raw`,
        pass: ratio >= TARGET_RATIO,
        errors: problems.count,
        smoke: ctx.smoke,
      }),
    ],
  };
}

module.exports = { key: 'messages', figure: '1-2', label: 'raw lifecycles and e2e messages/s', run: measureMessages };
