'use strict';

/**
 * Runs a closed-loop load in the load client and, inside its measuring window only, one-at-a-time
 * probes in the probe client: the time to first word of a new message while the load streams.
 */
async function loadWithProbes(ctx, loadParams, probeParams, timeoutMs) {
  let probing;
  const load = await ctx.load.run('closedLoop', loadParams, {
    timeoutMs,
    onReport: (name) => {
      if (name === 'window-open') probing = ctx.probe.run('probes', probeParams, { timeoutMs });
      if (name === 'window-closed') ctx.probe.signal('stop');
    },
  });
  if (!probing) throw new Error('the load never opened its measuring window');
  return { load, probes: await probing };
}

module.exports = { loadWithProbes };
