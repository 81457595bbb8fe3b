import type { GatewayHandle, MemoryReading } from './context';

const MIB = 1024 * 1024;

/** When a memory reading counts as settled (see settledMemory). */
export interface SettleOptions {
  everyMs: number;
  stableReadings: number;
  toleranceMiB: number;
  maxMs: number;
}

/** The last reading, whether RSS had settled by then, and how long that took. */
export interface SettledMemory extends MemoryReading {
  stable: boolean;
  settledAfterMs: number;
}

/**
 * Reads the gateway's memory (after a full GC) every `everyMs` until the last `stableReadings`
 * RSS values lie within `toleranceMiB`, or `maxMs` has passed. V8 gives freed pages back to the
 * OS a few seconds after a GC, in steps, so a single reading depends on when it is taken.
 * Only a gateway the bench started can be read (one with memoryAfterGc).
 */
async function settledMemory(
  gateway: Pick<GatewayHandle, 'memoryAfterGc'>,
  { everyMs, stableReadings, toleranceMiB, maxMs }: SettleOptions,
): Promise<SettledMemory> {
  if (!gateway.memoryAfterGc) throw new Error('the memory of a gateway the bench did not start cannot be read');
  const startedAt = Date.now();
  const readings: MemoryReading[] = [];
  for (;;) {
    const reading = await gateway.memoryAfterGc();
    readings.push(reading);
    const recent = readings.slice(-stableReadings).map(({ rssBytes }) => rssBytes);
    const stable = recent.length === stableReadings && Math.max(...recent) - Math.min(...recent) <= toleranceMiB * MIB;
    const waitedMs = Date.now() - startedAt;
    if (stable || waitedMs >= maxMs) return { ...reading, stable, settledAfterMs: waitedMs };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export { settledMemory, MIB };
