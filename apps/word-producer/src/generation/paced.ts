import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Yields the items `delayMs` apart: the first at once, like a generator's first token. With no
 * delay it still gives the event loop a turn between items, so one answer never holds up the others.
 */
export async function* paced<T>(items: Iterable<T>, delayMs: number): AsyncGenerator<T> {
  let first = true;
  for (const item of items) {
    if (!first) await (delayMs > 0 ? sleep(delayMs) : nextTurn());
    first = false;
    yield item;
  }
}
