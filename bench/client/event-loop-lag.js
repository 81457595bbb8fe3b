'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

/** How late this client's own event loop ran, so a reader can tell client lag from gateway lag. */
function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
    },
  };
}

module.exports = { watchEventLoop };
