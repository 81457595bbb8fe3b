import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/** Where paced() reads the time and waits; a test passes one whose time it moves itself. */
export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const REAL_CLOCK: PacingClock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * Yields the items `delayMs` apart: the first at once, like a generator's first token. With no
 * delay it still gives the event loop a turn between items, so one answer never holds up the others.
 *
 * Each answer keeps to its own beat (its start + n × delay) instead of waiting a whole delay after
 * each item. Otherwise timers that fire late together go on firing together, and after a few busy
 * moments every answer of the process publishes its words in the same instant. A late item goes at
 * once and the next one keeps the beat; after a stall of more than a beat, the beats missed are
 * skipped rather than made up in a burst.
 */
export async function* paced<T>(items: Iterable<T>, delayMs: number, clock: PacingClock = REAL_CLOCK): AsyncGenerator<T> {
  let beat: number | undefined;
  for (const item of items) {
    if (beat === undefined) beat = clock.now();
    else if (delayMs > 0) beat = await nextBeat(beat, delayMs, clock);
    else await nextTurn();
    yield item;
  }
}

/** Waits for the beat after `beat`, or not at all when it has passed; returns the beat it kept. */
async function nextBeat(beat: number, delayMs: number, clock: PacingClock): Promise<number> {
  const now = clock.now();
  let next = beat + delayMs;
  if (now - next >= delayMs) next += Math.floor((now - next) / delayMs) * delayMs;
  if (next > now) await clock.sleep(next - now);
  return next;
}
