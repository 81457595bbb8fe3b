import type { JobParams, JobResult } from '../client/main';
import type { BenchContext } from './context';
import type { CpuUsage } from './cpu-meter';
import { meteredRun } from './metered-run';

/** The load's result, the probes' result, and the CPU each process used inside the window. */
export interface LoadWithProbes {
  load: JobResult<'closedLoop'>;
  probes: JobResult<'probeArrivals'>;
  cpu: CpuUsage | undefined;
}

/**
 * Runs a closed-loop load in the load client and, inside its measuring window only, probes from the
 * probe client: the time to first word of new messages while the load streams.
 */
async function loadWithProbes(
  ctx: BenchContext,
  loadParams: JobParams<'closedLoop'>,
  probeParams: JobParams<'probeArrivals'>,
  timeoutMs: number,
): Promise<LoadWithProbes> {
  let probing: Promise<JobResult<'probeArrivals'>> | undefined;
  const { result: load, cpu } = await meteredRun(ctx, ctx.load, 'closedLoop', loadParams, {
    timeoutMs,
    onWindowOpen: () => (probing = ctx.probe.run('probeArrivals', probeParams, { timeoutMs })),
    onWindowClosed: () => ctx.probe.signal('stop'),
  });
  if (!probing) throw new Error('the load never opened its measuring window');
  return { load, probes: await probing, cpu };
}

export { loadWithProbes };
