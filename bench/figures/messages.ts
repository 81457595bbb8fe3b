import { AMQP_URL } from '../broker/amqp-url';
import type { BenchContext, Figure, Section } from '../lib/context';
import { describeCpu, meteredRun } from '../lib/metered-run';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';

const TARGET_RATIO = 0.5;

/**
 * Figures 1b and 2b: the broker's raw reply-queue lifecycles/s on 16 channels, then, right after,
 * whole short messages/s end to end (POST /start/{chat} to the end event, many in parallel).
 */
async function measureMessages(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const rawParams = { amqpUrl: AMQP_URL, ...ctx.sizes.rawLifecycles };
  const raw = await meteredRun(ctx, ctx.load, 'rawLifecycles', rawParams, { timeoutMs: rawParams.warmupMs + rawParams.measureMs + 30_000 });
  const size = ctx.sizes.e2eMessages;
  const e2e = await meteredRun(
    ctx,
    ctx.load,
    'closedLoop',
    { baseUrl, ...size },
    { timeoutMs: size.warmupMaxMs + size.measureMs + size.drainMs + 30_000 },
  );
  const rawProblems = new Problems();
  rawProblems.addLog(raw.result.errors);
  const problems = new Problems();
  problems.addLog(raw.result.errors);
  problems.addLog(e2e.result.errors);
  await reportReplyQueuesLeft(ctx.admin, e2e.result.messageIds, problems);
  const load = e2e.result;
  const perSecond = (load.answersInWindow / load.windowMs) * 1000;
  const ratio = perSecond / raw.result.perSecond;
  return {
    problems,
    data: {
      raw: {
        lifecyclesPerSecond: raw.result.perSecond,
        channels: raw.result.channels,
        lifecycles: raw.result.inWindow,
        windowMs: raw.result.windowMs,
        cpuPercent: raw.cpu,
      },
      e2e: {
        messagesPerSecond: perSecond,
        ratio,
        concurrency: load.concurrency,
        answerWords: load.answerWords,
        windowMs: load.windowMs,
        messagesInWindow: load.answersInWindow,
        cpuPercent: e2e.cpu,
        clientEventLoop: load.eventLoop,
      },
    },
    rows: [
      row({
        figure: '1',
        name: `raw reply-queue lifecycles/s (${raw.result.channels} channels)`,
        value: raw.result.perSecond,
        unit: 'lifecycles/s',
        errors: rawProblems.count,
      }),
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
      row({ figure: '2', name: '  CPU meanwhile, % of one core (2 cores = 200)', text: describeCpu(e2e.cpu), errors: problems.count }),
    ],
  };
}

export const figure: Figure = { key: 'messages', figure: '1-2', label: 'raw lifecycles and e2e messages/s', run: measureMessages };
