import { lineChart } from '../charts/svg-chart';
import type { BenchContext, Figure, Row, Section } from '../lib/context';
import { loadWithProbes } from '../lib/load-with-probes';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import type { ClosedLoopSize } from '../lib/sizes';
import { distribution } from '../lib/stats';

interface Level {
  problems: Problems;
  data: Record<string, unknown>;
  row: Row;
  point: { concurrency: number; wordsPerSecond: number; ttfwP50?: number; ttfwP99?: number };
}

/**
 * Figure 6: how words/s and time to first word change with the number of concurrent streams.
 * TTFW here is that of a new message sent while the streams run (one probe at a time).
 */
async function measureGrowth(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const { levels, ...size } = ctx.sizes.growth;
  const problems = new Problems();
  const rows: Row[] = [];
  const data: Record<string, unknown>[] = [];
  const points: Level['point'][] = [];
  for (const concurrency of levels) {
    const level = await measureLevel(ctx, baseUrl, { ...size, concurrency });
    problems.addLog(level.problems.toJSON());
    rows.push(level.row);
    data.push(level.data);
    points.push(level.point);
  }
  return { problems, rows, data: { levels: data }, charts: growthCharts(points) };
}

function growthCharts(points: Level['point'][]): Record<string, string> {
  const along = (read: (point: Level['point']) => number | undefined): [number, number][] =>
    points.flatMap((point) => {
      const value = read(point);
      return value === undefined ? [] : [[point.concurrency, value] as [number, number]];
    });
  return {
    'concurrency-words': lineChart({
      title: 'Words per second against concurrent streams',
      xLabel: 'concurrent streams (log scale)',
      yLabel: 'words/s to SSE clients',
      xScale: 'log',
      dots: true,
      series: [{ name: 'e2e words/s', points: along((point) => point.wordsPerSecond) }],
    }),
    'concurrency-ttfw': lineChart({
      title: "A new message's first word against concurrent streams",
      xLabel: 'concurrent streams (log scale)',
      yLabel: 'TTFW, ms (log scale)',
      xScale: 'log',
      yScale: 'log',
      dots: true,
      series: [
        { name: 'p50', points: along((point) => point.ttfwP50) },
        { name: 'p99', points: along((point) => point.ttfwP99) },
      ],
    }),
  };
}

async function measureLevel(ctx: BenchContext, baseUrl: string, size: ClosedLoopSize): Promise<Level> {
  const timeoutMs = size.warmupMaxMs + size.measureMs + size.drainMs + 30_000;
  const { load, probes, cpu } = await loadWithProbes(ctx, { baseUrl, ...size }, { baseUrl, ...ctx.sizes.probesUnderLoad }, timeoutMs);
  const problems = new Problems();
  problems.addLog(load.errors);
  problems.addLog(probes.errors);
  await reportReplyQueuesLeft(ctx.admin, [...load.messageIds, ...probes.messageIds], problems);
  const wordsPerSecond = (load.wordsInWindow / load.windowMs) * 1000;
  const ttfw = distribution(probes.ttfwMs);
  const accepted = distribution(probes.acceptedMs);
  return {
    problems,
    point: { concurrency: size.concurrency, wordsPerSecond, ttfwP50: ttfw.p50, ttfwP99: ttfw.p99 },
    data: {
      concurrency: size.concurrency,
      wordsPerSecond,
      ttfwMs: ttfw,
      postMs: accepted,
      loadStreamsTtfwMs: distribution(load.ttfwMs),
      windowMs: load.windowMs,
      answers: load.answers,
      cpuPercent: cpu,
      clientEventLoop: load.eventLoop,
    },
    row: row({
      figure: '6',
      name: `${size.concurrency} concurrent streams: words/s; TTFW p50 / p99`,
      value: wordsPerSecond,
      text: `${format(wordsPerSecond)} words/s; ${format(ttfw.p50)} / ${format(ttfw.p99)} ms (POST alone p50 ${format(accepted.p50)} ms)`,
      errors: problems.count,
    }),
  };
}

export const figure: Figure = { key: 'growth', figure: '6', label: 'cost growth', run: measureGrowth };
