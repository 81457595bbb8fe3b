import type { JobName, JobParams, JobResult } from '../client/main';
import type { ClientProcess } from './client-process';
import type { BenchContext } from './context';
import { CpuMeter, type CpuUsage } from './cpu-meter';

export interface MeteredRunOptions {
  timeoutMs: number;
  onWindowOpen?: () => void;
  onWindowClosed?: () => void;
}

/** A job's result, and the CPU each process used inside its window (none if the window never closed). */
export interface MeteredRun<K extends JobName> {
  result: JobResult<K>;
  cpu: CpuUsage | undefined;
}

/**
 * Runs a client job that reports `window-open` and `window-closed`, and measures meanwhile the CPU
 * each process of the setup uses: the apps, the broker and the bench's own clients.
 */
async function meteredRun<K extends JobName>(
  ctx: BenchContext,
  client: ClientProcess,
  job: K,
  params: JobParams<K>,
  { timeoutMs, onWindowOpen, onWindowClosed }: MeteredRunOptions,
): Promise<MeteredRun<K>> {
  const meter = new CpuMeter({ ...ctx.stacks.pids(), broker: ctx.brokerPid, 'load client': ctx.load.pid, 'probe client': ctx.probe.pid });
  let cpu: CpuUsage | undefined;
  const result = await client.run(job, params, {
    timeoutMs,
    onReport: (name) => {
      if (name === 'window-open') {
        meter.start();
        onWindowOpen?.();
      }
      if (name === 'window-closed') {
        cpu = meter.stop();
        onWindowClosed?.();
      }
    },
  });
  return { result, cpu };
}

/** "gateway 95, worker 40, …" in % of one core. */
function describeCpu(cpu: CpuUsage = {}): string {
  return Object.entries(cpu)
    .map(([name, percent]) => `${name} ${percent}`)
    .join(', ');
}

export { meteredRun, describeCpu };
