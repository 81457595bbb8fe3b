'use strict';
const { AMQP_URL } = require('../broker/amqp-url');
const { loadWithProbes } = require('../lib/load-with-probes');
const { Problems } = require('../lib/problems');
const { reportReplyQueuesLeft } = require('../lib/reply-queues-left');
const { format, row } = require('../lib/rows');
const { distribution } = require('../lib/stats');

const TARGET_RATIO = 0.6;

/**
 * Figures 1a, 2a and 3b: the broker's raw words/s, then, right after on the same machine, the words/s
 * relayed end to end to many concurrent SSE clients, with time to first word probed meanwhile.
 */
async function measureWords(ctx) {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const rawParams = { amqpUrl: AMQP_URL, ...ctx.sizes.rawWords };
  const raw = await ctx.load.run('rawWords', rawParams, { timeoutMs: rawParams.warmupMs + rawParams.measureMs + 30_000 });
  const size = ctx.sizes.e2eWords;
  const { load, probes } = await loadWithProbes(
    ctx,
    { baseUrl, ...size },
    { baseUrl, ...ctx.sizes.probesUnderLoad },
    size.warmupMaxMs + size.measureMs + size.drainMs + 30_000,
  );
  const rawProblems = new Problems();
  rawProblems.addLog(raw.errors);
  const problems = new Problems();
  problems.addLog(load.errors);
  problems.addLog(probes.errors);
  await reportReplyQueuesLeft(ctx.admin, [...load.messageIds, ...probes.messageIds], problems);
  return summarise(ctx, raw, rawProblems, load, probes, problems);
}

function summarise(ctx, raw, rawProblems, load, probes, problems) {
  const wordsPerSecond = (load.wordsInWindow / load.windowMs) * 1000;
  const ratio = wordsPerSecond / raw.perSecond;
  const ttfw = distribution(probes.ttfwMs);
  const errors = problems.count + rawProblems.count;
  const streams = `${load.concurrency} streams x ${load.answerWords} words`;
  return {
    problems: mergeProblems(rawProblems, problems),
    data: {
      raw: { wordsPerSecond: raw.perSecond, messages: raw.inWindow, windowMs: raw.windowMs },
      e2e: { wordsPerSecond, ratio, ...pick(load, ['concurrency', 'answerWords', 'windowMs', 'wordsInWindow', 'answers']), clientEventLoop: load.eventLoop },
      loadStreamsTtfwMs: distribution(load.ttfwMs),
      ttfwUnderLoadMs: ttfw,
    },
    rows: [
      row({ figure: '1', name: 'raw broker words/s (bare amqplib, 1 queue, acks)', value: raw.perSecond, unit: 'words/s', errors: rawProblems.count }),
      row({
        figure: '2',
        name: `e2e words/s to SSE clients (${streams})`,
        value: wordsPerSecond,
        text: `${format(wordsPerSecond)} words/s = ${ratio.toFixed(2)} x raw`,
        target: `>= ${TARGET_RATIO} x raw`,
        pass: ratio >= TARGET_RATIO,
        errors,
        smoke: ctx.smoke,
      }),
      row({
        figure: '3',
        name: `TTFW under that load (${ttfw.count} probes), p50 / p99`,
        value: ttfw.p50,
        text: `${format(ttfw.p50)} / ${format(ttfw.p99)} ms`,
        errors: problems.count,
      }),
    ],
  };
}

function mergeProblems(...all) {
  const merged = new Problems();
  for (const problems of all) merged.addLog(problems.toJSON());
  return merged;
}

const pick = (object, keys) => Object.fromEntries(keys.map((key) => [key, object[key]]));

module.exports = { key: 'words', figure: '1-3', label: 'raw and e2e words/s', run: measureWords };
