import type { BenchContext, Figure, Section } from '../lib/context';
import { loadWithProbes } from '../lib/load-with-probes';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { distribution } from '../lib/stats';

const PROCESS_COUNTS = [1, 2] as const;

interface ProcessesRun {
  processes: number;
  wordsPerSecond: number;
  /** A new message's first word under the words/s load, ms. */
  loadTtfwP99?: number;
  /** A new message's first word in the ramp, ms. */
  rampTtfwP99?: number;
  rampGapP99?: number;
  rampComplete: number;
}

/**
 * Figure 8: GATEWAY_PROCESSES 1 and 2 side by side, each a gateway of its own with a worker: the
 * end-to-end words/s (with new messages probed meanwhile), then the ramp of paced streams, and a
 * new message's first word in each. The same load, the same machine, one after the other.
 */
async function measureProcesses(ctx: BenchContext): Promise<Section> {
  const problems = new Problems();
  const runs: ProcessesRun[] = [];
  for (const processes of PROCESS_COUNTS) runs.push(await runWith(ctx, processes, problems));
  const [one, two] = runs;
  const common = { figure: '8', unit: '', errors: problems.count, smoke: ctx.smoke };
  return {
    problems,
    data: { runs },
    charts: {},
    rows: [
      row({
        ...common,
        name: 'e2e words/s, GATEWAY_PROCESSES 1 / 2',
        value: two.wordsPerSecond / one.wordsPerSecond,
        text: `${format(one.wordsPerSecond)} / ${format(two.wordsPerSecond)} words/s (x ${format(two.wordsPerSecond / one.wordsPerSecond)})`,
      }),
      row({
        ...common,
        name: "  a new message's first word under that load, p99, 1 / 2",
        value: two.loadTtfwP99,
        text: `${format(one.loadTtfwP99)} / ${format(two.loadTtfwP99)} ms`,
      }),
      row({
        ...common,
        name: `ramp (${ctx.sizes.pacing.streams} streams): new message's first word p99, 1 / 2`,
        value: two.rampTtfwP99,
        text: `${format(one.rampTtfwP99)} / ${format(two.rampTtfwP99)} ms; gap p99 ${format(one.rampGapP99)} / ${format(two.rampGapP99)} ms; complete ${one.rampComplete} / ${two.rampComplete}`,
      }),
    ],
  };
}

async function runWith(ctx: BenchContext, processes: number, problems: Problems): Promise<ProcessesRun> {
  const words = await ctx.stacks.withProcesses(processes, ctx.sizes.e2eWorker);
  const size = ctx.sizes.e2eWords;
  const timeoutMs = size.warmupMaxMs + size.measureMs + size.drainMs + 30_000;
  const e2e = await loadWithProbes(
    ctx,
    { baseUrl: words.baseUrl, ...size },
    { baseUrl: words.baseUrl, ...ctx.sizes.probesUnderLoad },
    timeoutMs,
  );
  problems.addLog(e2e.load.errors);
  problems.addLog(e2e.probes.errors);
  await reportReplyQueuesLeft(ctx.admin, [...e2e.load.messageIds, ...e2e.probes.messageIds], problems);
  const paced = await ctx.stacks.withProcesses(processes, ctx.sizes.pacingWorker);
  const pacing = ctx.sizes.pacing;
  const ramp = await ctx.load.run('ramp', { baseUrl: paced.baseUrl, ...pacing }, { timeoutMs: pacing.maxMs + 30_000 });
  problems.addLog(ramp.errors);
  await reportReplyQueuesLeft(ctx.admin, ramp.messageIds, problems);
  return {
    processes,
    wordsPerSecond: (e2e.load.wordsInWindow / e2e.load.windowMs) * 1000,
    loadTtfwP99: distribution(e2e.probes.ttfwMs).p99,
    rampTtfwP99: distribution(ramp.ttfwMs).p99,
    rampGapP99: distribution(ramp.gapsMs).p99,
    rampComplete: ramp.complete,
  };
}

export const figure: Figure = { key: 'processes', figure: '8', label: 'GATEWAY_PROCESSES 1 and 2 side by side', run: measureProcesses };
