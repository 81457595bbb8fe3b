'use strict';

const MIB = 1024 * 1024;

/**
 * Reads the gateway's memory (after a full GC) every `everyMs` until the last `stableReadings`
 * RSS values lie within `toleranceMiB`, or `maxMs` has passed. V8 gives freed pages back to the
 * OS a few seconds after a GC, in steps, so a single reading depends on when it is taken.
 */
async function settledMemory(gateway, { everyMs, stableReadings, toleranceMiB, maxMs }) {
  const startedAt = Date.now();
  const readings = [];
  for (;;) {
    readings.push(await gateway.memoryAfterGc());
    const recent = readings.slice(-stableReadings).map((reading) => reading.rssBytes);
    const stable = recent.length === stableReadings && Math.max(...recent) - Math.min(...recent) <= toleranceMiB * MIB;
    const waitedMs = Date.now() - startedAt;
    if (stable || waitedMs >= maxMs) return { ...readings.at(-1), stable, settledAfterMs: waitedMs };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

module.exports = { settledMemory, MIB };
