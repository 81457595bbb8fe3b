'use strict';
const { CpuMeter } = require('./cpu-meter');

/**
 * Runs a client job that reports `window-open` and `window-closed`, and measures meanwhile the CPU
 * each process of the setup uses: the apps, the broker and the bench's own clients.
 */
async function meteredRun(ctx, client, job, params, { timeoutMs, onWindowOpen, onWindowClosed }) {
  const meter = new CpuMeter({ ...ctx.stacks.pids(), broker: ctx.brokerPid, 'load client': ctx.load.pid, 'probe client': ctx.probe.pid });
  let cpu;
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
function describeCpu(cpu = {}) {
  return Object.entries(cpu)
    .map(([name, percent]) => `${name} ${percent}`)
    .join(', ');
}

module.exports = { meteredRun, describeCpu };
