'use strict';

/** Nearest-rank percentile of unsorted values; undefined for none. */
function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function distribution(values) {
  if (values.length === 0) return { count: 0 };
  let max = -Infinity;
  let sum = 0;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max, mean: sum / values.length };
}

module.exports = { percentile, distribution };
