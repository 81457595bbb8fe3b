'use strict';
const { meteredRun } = require('./metered-run');

/**
 * Runs a closed-loop load in the load client and, inside its measuring window only, probes from the
 * probe client: the time to first word of new messages while the load streams.
 */
async function loadWithProbes(ctx, loadParams, probeParams, timeoutMs) {
  let probing;
  const { result: load, cpu } = await meteredRun(ctx, ctx.load, 'closedLoop', loadParams, {
    timeoutMs,
    onWindowOpen: () => (probing = ctx.probe.run('probeArrivals', probeParams, { timeoutMs })),
    onWindowClosed: () => ctx.probe.signal('stop'),
  });
  if (!probing) throw new Error('the load never opened its measuring window');
  return { load, probes: await probing, cpu };
}

module.exports = { loadWithProbes };
