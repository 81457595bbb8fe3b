import type { BenchContext, Figure, Section } from '../lib/context';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { distribution } from '../lib/stats';

const TARGET_P50_MS = 10;

/** Figure 3a: time to first word with nothing else running, one message at a time. */
async function measureTtfwAlone(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const params = { baseUrl, ...ctx.sizes.ttfwIdle };
  const probes = await ctx.probe.run('probes', params, { timeoutMs: params.maxMs + 30_000 });
  const problems = new Problems();
  problems.addLog(probes.errors);
  await reportReplyQueuesLeft(ctx.admin, probes.messageIds, problems);
  const ttfw = distribution(probes.ttfwMs);
  const accepted = distribution(probes.acceptedMs);
  const common = { figure: '3', unit: 'ms', errors: problems.count, smoke: ctx.smoke };
  return {
    problems,
    data: { ttfwMs: ttfw, postAnsweredMs: accepted, clientEventLoop: probes.eventLoop },
    rows: [
      row({
        ...common,
        name: `TTFW, one stream at a time (${ttfw.count}), p50`,
        value: ttfw.p50,
        text: `${format(ttfw.p50)} ms (POST alone ${format(accepted.p50)} ms)`,
        target: `<= ${TARGET_P50_MS} ms`,
        pass: ttfw.p50 !== undefined && ttfw.p50 <= TARGET_P50_MS,
      }),
      row({
        ...common,
        name: 'TTFW, one stream at a time, p99',
        value: ttfw.p99,
        text: `${format(ttfw.p99)} ms (POST alone ${format(accepted.p99)} ms)`,
      }),
    ],
  };
}

export const figure: Figure = { key: 'ttfw', figure: '3', label: 'time to first word, one at a time', run: measureTtfwAlone };
