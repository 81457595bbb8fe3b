import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

/** How late the event loop ran beyond its timer period, in ms. */
export interface EventLoopLag {
  p99Ms: number;
  maxMs: number;
}

export interface EventLoopWatch {
  stop(): EventLoopLag;
}

/**
 * How late this client's own event loop ran, so a reader can tell client lag from gateway lag.
 * The histogram holds whole timer periods, so the period is taken off.
 */
function watchEventLoop(): EventLoopWatch {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const lateBy = (nanos: number): number => Math.max(0, nanos / 1e6 - RESOLUTION_MS);
  return {
    stop() {
      histogram.disable();
      return { p99Ms: lateBy(histogram.percentile(99)), maxMs: lateBy(histogram.max) };
    },
  };
}

export { watchEventLoop };
