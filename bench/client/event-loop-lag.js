'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

const RESOLUTION_MS = 10;

/**
 * How late this client's own event loop ran, so a reader can tell client lag from gateway lag.
 * The histogram holds whole timer periods, so the period is taken off.
 */
function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const lateBy = (nanos) => Math.max(0, nanos / 1e6 - RESOLUTION_MS);
  return {
    stop() {
      histogram.disable();
      return { p99Ms: lateBy(histogram.percentile(99)), maxMs: lateBy(histogram.max) };
    },
  };
}

module.exports = { watchEventLoop };
