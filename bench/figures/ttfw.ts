import { cdfPoints, lineChart } from '../charts/svg-chart';
import type { BenchContext, Figure, Section } from '../lib/context';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { distribution } from '../lib/stats';
import { AMQP_URL } from '../broker/amqp-url';

/**
 * The gateway's first word may take this many times what the broker itself needs for one (issue 24):
 * its reply queue declared ahead, it skips the durable declare that the floor includes.
 */
const TARGET_RATIO = 1.0;
/** The OpenAI endpoint's first token, whose POST streams (one round trip fewer), against the same floor. */
const OPENAI_TARGET_RATIO = 1.0;

/**
 * Figure 3a: time to first word with nothing else running, one message at a time, against the
 * broker's floor for the same work measured just before with bare clients (raw-first-word.ts).
 */
async function measureTtfwAlone(ctx: BenchContext): Promise<Section> {
  const { baseUrl } = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  const floor = await ctx.probe.run('rawFirstWord', { amqpUrl: AMQP_URL, ...ctx.sizes.brokerFloor }, { timeoutMs: 60_000 });
  const params = { baseUrl, ...ctx.sizes.ttfwIdle };
  const probes = await ctx.probe.run('probes', params, { timeoutMs: params.maxMs + 30_000 });
  const firstOfChat = await ctx.probe.run('probes', { ...params, newChatEach: true }, { timeoutMs: params.maxMs + 30_000 });
  const openAi = await ctx.probe.run('openAiProbes', params, { timeoutMs: params.maxMs + 30_000 });
  const problems = new Problems();
  problems.addLog(floor.errors);
  problems.addLog(probes.errors);
  problems.addLog(firstOfChat.errors);
  problems.addLog(openAi.errors);
  await reportReplyQueuesLeft(ctx.admin, [...probes.messageIds, ...firstOfChat.messageIds], problems);
  const floorMs = distribution(floor.ttfwMs);
  const ttfw = distribution(probes.ttfwMs);
  const accepted = distribution(probes.acceptedMs);
  const ratio = ttfw.p50 !== undefined && floorMs.p50 !== undefined ? ttfw.p50 / floorMs.p50 : undefined;
  const first = distribution(firstOfChat.ttfwMs);
  const firstRatio = first.p50 !== undefined && floorMs.p50 !== undefined ? first.p50 / floorMs.p50 : undefined;
  const ttft = distribution(openAi.ttftMs);
  const openAiRatio = ttft.p50 !== undefined && floorMs.p50 !== undefined ? ttft.p50 / floorMs.p50 : undefined;
  const common = { figure: '3', unit: 'ms', errors: problems.count, smoke: ctx.smoke };
  return {
    problems,
    data: {
      ttfwMs: ttfw,
      postAnsweredMs: accepted,
      firstOfChatTtfwMs: first,
      firstOfChatRatioToFloor: firstRatio ?? null,
      brokerFloorMs: floorMs,
      ratioToFloor: ratio ?? null,
      openAiTtftMs: ttft,
      openAiRatioToFloor: openAiRatio ?? null,
      clientEventLoop: probes.eventLoop,
    },
    charts: {
      'ttfw-cdf': lineChart({
        title: 'Time to first word, one message at a time',
        xLabel: 'ms (log scale)',
        yLabel: 'fraction of messages',
        xScale: 'log',
        steps: true,
        series: [
          { name: `gateway, a chat's next message (p50 ${format(ttfw.p50)} ms)`, points: cdfPoints(probes.ttfwMs) },
          { name: `gateway, a chat's first message (p50 ${format(first.p50)} ms)`, points: cdfPoints(firstOfChat.ttfwMs) },
          { name: `OpenAI endpoint, first token (p50 ${format(ttft.p50)} ms)`, points: cdfPoints(openAi.ttftMs) },
          { name: `broker floor (p50 ${format(floorMs.p50)} ms)`, points: cdfPoints(floor.ttfwMs) },
        ],
      }),
    },
    rows: [
      row({
        ...common,
        name: `broker floor for a first word, bare amqplib (${floorMs.count}), p50 / p99`,
        value: floorMs.p50,
        text: `${format(floorMs.p50)} / ${format(floorMs.p99)} ms`,
      }),
      row({
        ...common,
        name: `TTFW, one stream at a time, a chat's next messages (${ttfw.count}), p50`,
        value: ratio,
        text: `${format(ttfw.p50)} ms = ${format(ratio)} x the floor (POST alone ${format(accepted.p50)} ms)`,
        target: `<= ${TARGET_RATIO} x floor`,
        pass: ratio !== undefined && ratio <= TARGET_RATIO,
      }),
      row({
        ...common,
        name: 'TTFW, one stream at a time, p99',
        value: ttfw.p99,
        text: `${format(ttfw.p99)} ms (POST alone ${format(accepted.p99)} ms)`,
      }),
      row({
        ...common,
        name: `TTFW, a chat's first message, its reply queue declared on the way (${first.count}), p50`,
        value: firstRatio,
        text: `${format(first.p50)} ms = ${format(firstRatio)} x the floor`,
      }),
      row({
        ...common,
        name: `OpenAI endpoint: time to first token, streamed POST (${ttft.count}), p50`,
        value: openAiRatio,
        text: `${format(ttft.p50)} ms = ${format(openAiRatio)} x the floor`,
        target: `<= ${OPENAI_TARGET_RATIO} x floor`,
        pass: openAiRatio !== undefined && openAiRatio <= OPENAI_TARGET_RATIO,
      }),
      row({
        ...common,
        name: 'OpenAI endpoint: time to first token, p99',
        value: ttft.p99,
        text: `${format(ttft.p99)} ms`,
      }),
    ],
  };
}

export const figure: Figure = { key: 'ttfw', figure: '3', label: 'time to first word, one at a time', run: measureTtfwAlone };
