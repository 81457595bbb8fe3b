import { AMQP_URL } from '../broker/amqp-url';
import type { BenchContext, Figure, Section } from '../lib/context';
import { type LoadWithProbes, loadWithProbes } from '../lib/load-with-probes';
import { describeCpu, type MeteredRun, meteredRun } from '../lib/metered-run';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { distribution } from '../lib/stats';

const TARGET_RATIO = 0.6;

/** The broker's ceilings, each with the problems of its own job. */
interface Raws {
  raw: MeteredRun<'rawWords'>;
  rawProblems: Problems;
  shaped: MeteredRun<'rawStreams'>;
  shapedProblems: Problems;
}

/**
 * Figures 1a, 2a and 3b: the broker's raw words/s (one queue, and then the gateway's shape of queues,
 * consumers, 64 words held unacked at a time), then, right after on the same machine, the words/s relayed end to end
 * to many concurrent SSE clients, with time to first word probed meanwhile.
 */
async function measureWords(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const rawParams = { amqpUrl: AMQP_URL, ...ctx.sizes.rawWords };
  const raw = await meteredRun(ctx, ctx.load, 'rawWords', rawParams, { timeoutMs: rawParams.warmupMs + rawParams.measureMs + 30_000 });
  const shapedParams = { amqpUrl: AMQP_URL, ...ctx.sizes.rawStreams };
  const shaped = await meteredRun(ctx, ctx.load, 'rawStreams', shapedParams, {
    timeoutMs: shapedParams.warmupMs + shapedParams.measureMs + 30_000,
  });
  const size = ctx.sizes.e2eWords;
  const timeoutMs = size.warmupMaxMs + size.measureMs + size.drainMs + 30_000;
  const e2e = await loadWithProbes(ctx, { baseUrl, ...size }, { baseUrl, ...ctx.sizes.probesUnderLoad }, timeoutMs);
  const rawProblems = new Problems();
  rawProblems.addLog(raw.result.errors);
  const shapedProblems = new Problems();
  shapedProblems.addLog(shaped.result.errors);
  const problems = new Problems();
  problems.addLog(raw.result.errors);
  problems.addLog(shaped.result.errors);
  problems.addLog(e2e.load.errors);
  problems.addLog(e2e.probes.errors);
  await reportReplyQueuesLeft(ctx.admin, [...e2e.load.messageIds, ...e2e.probes.messageIds], problems);
  return summarise(ctx, { raw, rawProblems, shaped, shapedProblems }, e2e, problems);
}

function summarise(
  ctx: BenchContext,
  { raw, rawProblems, shaped, shapedProblems }: Raws,
  { load, probes, cpu }: LoadWithProbes,
  problems: Problems,
): Section {
  const wordsPerSecond = (load.wordsInWindow / load.windowMs) * 1000;
  const ratio = wordsPerSecond / raw.result.perSecond;
  const ttfw = distribution(probes.ttfwMs);
  const accepted = distribution(probes.acceptedMs);
  return {
    problems,
    data: {
      raw: { wordsPerSecond: raw.result.perSecond, messages: raw.result.inWindow, windowMs: raw.result.windowMs, cpuPercent: raw.cpu },
      rawInGatewayShape: {
        wordsPerSecond: shaped.result.perSecond,
        messages: shaped.result.inWindow,
        windowMs: shaped.result.windowMs,
        cpuPercent: shaped.cpu,
      },
      e2e: {
        wordsPerSecond,
        ratio,
        concurrency: load.concurrency,
        answerWords: load.answerWords,
        windowMs: load.windowMs,
        wordsInWindow: load.wordsInWindow,
        answers: load.answers,
        cpuPercent: cpu,
        clientEventLoop: load.eventLoop,
      },
      loadStreamsTtfwMs: distribution(load.ttfwMs),
      ttfwUnderLoadMs: ttfw,
      postUnderLoadMs: accepted,
    },
    rows: [
      row({
        figure: '1',
        name: 'raw broker words/s (bare amqplib, 1 queue, acks)',
        value: raw.result.perSecond,
        unit: 'words/s',
        errors: rawProblems.count,
      }),
      row({
        figure: '1',
        name: `  same, in the gateway's shape (${ctx.sizes.rawStreams.streams} queues, 64 words held at a time)`,
        value: shaped.result.perSecond,
        text: `${format(shaped.result.perSecond)} words/s = ${(shaped.result.perSecond / raw.result.perSecond).toFixed(2)} x raw; broker ${cpuMsPerThousand(shaped.cpu?.broker, shaped.result.perSecond)} ms per 1000 words`,
        errors: shapedProblems.count,
      }),
      row({
        figure: '2',
        name: `e2e words/s to SSE clients (${load.concurrency} streams x ${load.answerWords} words)`,
        value: wordsPerSecond,
        text: `${format(wordsPerSecond)} words/s = ${ratio.toFixed(2)} x raw, ${(wordsPerSecond / shaped.result.perSecond).toFixed(2)} x the gateway's shape`,
        target: `>= ${TARGET_RATIO} x raw`,
        pass: ratio >= TARGET_RATIO,
        errors: problems.count,
        smoke: ctx.smoke,
      }),
      row({ figure: '2', name: '  CPU meanwhile, % of one core (2 cores = 200)', text: describeCpu(cpu), errors: problems.count }),
      row({
        figure: '2',
        name: '  CPU ms per 1000 words: broker raw / e2e; gateway; worker',
        text: `${cpuMsPerThousand(raw.cpu?.broker, raw.result.perSecond)} / ${cpuMsPerThousand(cpu?.broker, wordsPerSecond)}; ${cpuMsPerThousand(cpu?.gateway, wordsPerSecond)}; ${cpuMsPerThousand(cpu?.worker, wordsPerSecond)}`,
        errors: problems.count,
      }),
      row({
        figure: '3',
        name: `TTFW under that load (${ttfw.count} probes, 10/s), p50 / p99`,
        value: ttfw.p50,
        text: `${format(ttfw.p50)} / ${format(ttfw.p99)} ms (POST alone ${format(accepted.p50)} / ${format(accepted.p99)} ms)`,
        errors: problems.count,
      }),
    ],
  };
}

/** CPU time a process spent per 1000 words, from its share of one core while they flowed. */
function cpuMsPerThousand(percentOfCore: number | undefined, wordsPerSecond: number): string {
  if (percentOfCore === undefined || !(wordsPerSecond > 0)) return 'n/a';
  return format(((percentOfCore / 100) * 1000 * 1000) / wordsPerSecond);
}

export const figure: Figure = { key: 'words', figure: '1-3', label: 'raw and e2e words/s', run: measureWords };
