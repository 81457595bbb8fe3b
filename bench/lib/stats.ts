/** count, then (for at least one value) the median, the 99th percentile, the maximum and the mean. */
export interface Distribution {
  count: number;
  p50?: number;
  p99?: number;
  max?: number;
  mean?: number;
}

/** Nearest-rank percentile of unsorted values; undefined for none. */
function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0 };
  let max = -Infinity;
  let sum = 0;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max, mean: sum / values.length };
}

export { percentile, distribution };
