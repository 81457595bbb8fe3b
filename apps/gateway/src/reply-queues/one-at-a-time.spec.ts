import { OneAtATime } from './one-at-a-time';

/** An operation that logs its start and ends when the test says so. */
function controlled(log: string[], name: string) {
  let finish!: (outcome: 'ok' | 'fail') => void;
  const ended = new Promise<'ok' | 'fail'>((resolve) => (finish = resolve));
  const operation = async () => {
    log.push(`${name} start`);
    const outcome = await ended;
    log.push(`${name} end`);
    if (outcome === 'fail') throw new Error(name);
    return name;
  };
  return { operation, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OneAtATime', () => {
  it('runs operations on one key in turn, even after one fails, and other keys alongside', async () => {
    const serial = new OneAtATime();
    const log: string[] = [];
    const [a1, a2, b1] = ['a1', 'a2', 'b1'].map((name) => controlled(log, name));
    const results = Promise.allSettled([serial.run('a', a1.operation), serial.run('a', a2.operation), serial.run('b', b1.operation)]);
    await settle();
    expect(log).toEqual(['a1 start', 'b1 start']);
    a1.finish('fail');
    await settle();
    expect(log).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
    b1.finish('ok');
    a2.finish('ok');
    expect((await results).map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('keeps nothing for a key once its operations are done', async () => {
    const serial = new OneAtATime();
    await serial.run('a', () => Promise.resolve(1));
    await settle();
    expect((serial as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
