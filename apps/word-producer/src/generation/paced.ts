import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Yields the items `delayMs` apart: the first at once, like a generator's first token.
 * A delay of 0 yields without touching the timer queue at all.
 */
export async function* paced<T>(items: Iterable<T>, delayMs: number): AsyncGenerator<T> {
  let first = true;
  for (const item of items) {
    if (!first && delayMs > 0) await sleep(delayMs);
    first = false;
    yield item;
  }
}
