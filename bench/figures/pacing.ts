import { binned, histogram } from '../charts/svg-chart';
import type { BenchContext, Figure, Section } from '../lib/context';
import { Problems } from '../lib/problems';
import { splitRamp } from '../lib/split-ramp';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { distribution } from '../lib/stats';

const TARGET_P99_MS = 130;
const TARGET_MAX_MS = 250;
/** A new message's first word while the others stream. */
const TARGET_TTFW_P99_MS = 250;
const GAP_BIN_MS = 5;

/**
 * Figure 4: with the worker pacing words 100 ms apart, many streams ramped in; the gaps between
 * consecutive words as the clients see them, and every stream complete.
 */
async function measurePacing(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.pacingWorker);
  const size = ctx.sizes.pacing;
  const problems = new Problems();
  const { ramp, clients, clientLoopP99Ms } = await splitRamp(ctx, { baseUrl, ...size }, problems);
  await reportReplyQueuesLeft(ctx.admin, ramp.messageIds, problems);
  const gaps = distribution(ramp.gapsMs);
  const ttfw = distribution(ramp.ttfwMs);
  const accepted = distribution(ramp.acceptedMs);
  const delay = ctx.sizes.pacingWorker.wordDelayMs;
  const common = { figure: '4', unit: 'ms', errors: problems.count, smoke: ctx.smoke };
  const streams = `${size.streams} streams @${delay} ms`;
  return {
    problems,
    data: {
      streams: size.streams,
      rampMs: size.rampMs,
      answerWords: size.answerWords,
      complete: ramp.complete,
      gapsMs: gaps,
      ttfwMs: ttfw,
      acceptedMs: accepted,
      clientEventLoop: ramp.eventLoop,
      clientProcesses: clients,
    },
    charts: {
      'pacing-gaps': histogram({
        title: `Gaps between consecutive words, ${streams}`,
        xLabel: `gap, ms (${GAP_BIN_MS} ms bins; the last bin: ${TARGET_MAX_MS} ms and over)`,
        yLabel: 'word gaps',
        bins: binned(ramp.gapsMs, 0, TARGET_MAX_MS, GAP_BIN_MS),
        markers: [
          { x: delay, label: 'pacing' },
          { x: TARGET_P99_MS, label: 'p99 target' },
        ],
      }),
    },
    rows: [
      row({
        ...common,
        name: `${streams}: inter-word gap p50`,
        value: gaps.p50,
        text: `${format(gaps.p50)} ms (worker pacing ${delay} ms)`,
      }),
      row({
        ...common,
        name: `${streams}: inter-word gap p99`,
        value: gaps.p99,
        target: `<= ${TARGET_P99_MS} ms`,
        pass: gaps.p99 !== undefined && gaps.p99 <= TARGET_P99_MS,
      }),
      row({
        ...common,
        name: `${streams}: inter-word gap max`,
        value: gaps.max,
        target: `<= ${TARGET_MAX_MS} ms`,
        pass: gaps.max !== undefined && gaps.max <= TARGET_MAX_MS,
      }),
      row({
        ...common,
        name: `${streams}, ramped over ${format(size.rampMs / 1000)} s: a new message's TTFW p50 / p99`,
        value: ttfw.p99,
        text: `${format(ttfw.p50)} / ${format(ttfw.p99)} ms (POST alone ${format(accepted.p50)} / ${format(accepted.p99)} ms)`,
        target: `p99 <= ${TARGET_TTFW_P99_MS} ms`,
        pass: ttfw.p99 !== undefined && ttfw.p99 <= TARGET_TTFW_P99_MS,
      }),
      row({
        ...common,
        name: `${streams}: the clients' own event-loop p99 (the worst of ${clients} client process${clients > 1 ? 'es' : ''})`,
        value: clientLoopP99Ms,
        text: `${format(clientLoopP99Ms)} ms in ${clients} process${clients > 1 ? 'es' : ''}`,
        target: '< 10 ms',
        pass: clientLoopP99Ms < 10,
      }),
      {
        ...row({
          ...common,
          name: `${streams}: streams complete and exact`,
          value: ramp.complete,
          target: 'all',
          pass: ramp.complete === size.streams,
        }),
        shown: `${ramp.complete} / ${size.streams}`,
      },
    ],
  };
}

export const figure: Figure = { key: 'pacing', figure: '4', label: 'pacing fidelity', run: measurePacing };
