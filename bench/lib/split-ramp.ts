import type { JobResult } from '../client/main';
import type { RampParams } from '../client/ramp';
import { ClientProcess } from './client-process';
import type { BenchContext } from './context';
import { Problems } from './problems';

/** The client's own event loop must stay this punctual, or its lag is part of what it measures. */
const CLIENT_LOOP_P99_MS = 10;
const MAX_CLIENTS = 4;

export interface SplitRamp {
  ramp: Omit<JobResult<'ramp'>, 'errors'>;
  /** How many client processes shared the ramp, and the worst event-loop p99 among them. */
  clients: number;
  clientLoopP99Ms: number;
}

/**
 * The ramp, with its streams shared by as many client processes as it takes (1, 2, then 4) for
 * each one's event-loop p99 to stay under CLIENT_LOOP_P99_MS: the figure measures the gateway, not
 * a client that cannot keep up. Every attempt's problems count; the last attempt is the figure.
 */
export async function splitRamp(ctx: BenchContext, params: RampParams, problems: Problems): Promise<SplitRamp> {
  for (let clients = 1; ; clients *= 2) {
    const extra = Array.from({ length: clients - 1 }, (_, index) => new ClientProcess(`ramp-${index + 2}`));
    try {
      const share = Math.ceil(params.streams / clients);
      const runs = await Promise.all(
        [ctx.load, ...extra].map((client) => client.run('ramp', { ...params, streams: share }, { timeoutMs: params.maxMs + 30_000 })),
      );
      for (const run of runs) problems.addLog(run.errors);
      const split = merge(runs, clients);
      if (split.clientLoopP99Ms < CLIENT_LOOP_P99_MS || clients >= MAX_CLIENTS) return split;
    } finally {
      await Promise.all(extra.map((client) => client.stop()));
    }
  }
}

function merge(runs: JobResult<'ramp'>[], clients: number): SplitRamp {
  const all = <T>(pick: (run: JobResult<'ramp'>) => T[]): T[] => runs.flatMap(pick);
  const loopP99 = Math.max(...runs.map((run) => run.eventLoop.p99Ms));
  return {
    ramp: {
      streams: runs.reduce((sum, run) => sum + run.streams, 0),
      complete: runs.reduce((sum, run) => sum + run.complete, 0),
      gapsMs: all((run) => run.gapsMs),
      ttfwMs: all((run) => run.ttfwMs),
      acceptedMs: all((run) => run.acceptedMs),
      messageIds: all((run) => run.messageIds),
      eventLoop: { p99Ms: loopP99, maxMs: Math.max(...runs.map((run) => run.eventLoop.maxMs)) },
      cutOff: runs.some((run) => run.cutOff),
    },
    clients,
    clientLoopP99Ms: loopP99,
  };
}
