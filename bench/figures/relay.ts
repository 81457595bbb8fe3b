import { AMQP_URL } from '../broker/amqp-url';
import type { BenchContext, Figure, Section } from '../lib/context';
import { Problems } from '../lib/problems';
import { format, row } from '../lib/rows';
import { type Distribution, distribution } from '../lib/stats';

/**
 * Figure 3c: latency the gateway adds to each word. The bench plays the worker against a gateway
 * with no worker of its own, and compares each word's publish-to-SSE time with a copy's
 * publish-to-bare-consumer time (see bench/client/relay-latency.ts).
 */
async function measureRelay(ctx: BenchContext): Promise<Section> {
  const gateway = await ctx.stacks.idleGateway({ resumeWindowMs: ctx.sizes.memory.resumeWindowMs });
  const size = ctx.sizes.relay;
  const result = await ctx.load.run('relayLatency', { baseUrl: gateway.baseUrl, amqpUrl: AMQP_URL, ...size }, { timeoutMs: 120_000 });
  const problems = new Problems();
  problems.addLog(result.errors);
  const added = distribution(result.gatewayAddedMs);
  const viaGateway = distribution(result.viaGatewayMs);
  const viaBroker = distribution(result.viaBrokerMs);
  const pair = (stats: Distribution): string => `${format(stats.p50)} / ${format(stats.p99)}`;
  return {
    problems,
    data: { words: added.count, gatewayAddedMs: added, publishToSseMs: viaGateway, publishToBareConsumerMs: viaBroker },
    rows: [
      row({
        figure: '3',
        name: `gateway-added latency per word (${added.count} words), p50 / p99`,
        value: added.p50,
        text: `${pair(added)} ms (publish->SSE ${pair(viaGateway)}, publish->bare consumer ${pair(viaBroker)})`,
        errors: problems.count,
      }),
    ],
  };
}

export const figure: Figure = { key: 'relay', figure: '3', label: 'gateway-added latency per word', run: measureRelay };
