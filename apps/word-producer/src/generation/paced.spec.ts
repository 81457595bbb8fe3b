import { paced, PacingClock } from './paced';

/** Time that moves only when paced() sleeps or the test says so. */
class VirtualClock implements PacingClock {
  time = 1000;

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.time += ms;
    return Promise.resolve();
  }
}

/** When each item was yielded, in virtual ms from the first; `busy(index)` is how long the consumer takes after it. */
async function yieldTimes(count: number, delayMs: number, busy: (index: number) => number = () => 0): Promise<number[]> {
  const clock = new VirtualClock();
  const start = clock.time;
  const times: number[] = [];
  let index = 0;
  for await (const item of paced(
    Array.from({ length: count }, (_, i) => i),
    delayMs,
    clock,
  )) {
    expect(item).toBe(index);
    times.push(clock.time - start);
    clock.time += busy(index++);
  }
  return times;
}

describe('paced', () => {
  it('yields the first item at once and the others a delay apart', async () => {
    await expect(yieldTimes(4, 100)).resolves.toEqual([0, 100, 200, 300]);
  });

  it('keeps the beat when the consumer takes time: the wait shrinks by what it took', async () => {
    await expect(yieldTimes(4, 100, () => 30)).resolves.toEqual([0, 100, 200, 300]);
  });

  it('sends a late item at once and the next one on the beat, not a whole delay later', async () => {
    await expect(yieldTimes(4, 100, (index) => (index === 1 ? 140 : 0))).resolves.toEqual([0, 100, 240, 300]);
  });

  it('skips the beats a long stall missed instead of making them up in a burst', async () => {
    await expect(yieldTimes(5, 100, (index) => (index === 0 ? 350 : 0))).resolves.toEqual([0, 350, 400, 500, 600]);
  });

  it('with no delay, yields every item in order', async () => {
    await expect(yieldTimes(3, 0)).resolves.toEqual([0, 0, 0]);
  });
});
