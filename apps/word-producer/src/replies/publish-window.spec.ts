import { PublishWindow } from './publish-window';

/** Round trips that answer only when the test says so. */
class RoundTrips {
  readonly pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly start = (): Promise<void> => new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
}

const settledState = async (promise: Promise<void>): Promise<'resolved' | 'waiting'> => {
  let state: 'resolved' | 'waiting' = 'waiting';
  void promise.then(() => (state = 'resolved'));
  await new Promise(setImmediate);
  return state;
};

describe('PublishWindow', () => {
  it('lets words through at once below the window, checking every half window', async () => {
    const trips = new RoundTrips();
    const window = new PublishWindow(4, trips.start);
    for (let word = 1; word <= 3; word++) expect(await settledState(window.sentOne())).toBe('resolved');
    expect(trips.pending).toHaveLength(1);
  });

  it('holds senders once a whole window is unhandled, until a round trip answers for it', async () => {
    const trips = new RoundTrips();
    const window = new PublishWindow(4, trips.start);
    for (let word = 1; word <= 3; word++) await window.sentOne();
    const fourth = window.sentOne();
    expect(await settledState(fourth)).toBe('waiting');
    expect(trips.pending).toHaveLength(2);
    trips.pending[0].resolve();
    // The first round trip covers 2 words: 2 of 4 are still unhandled, under the window.
    expect(await settledState(fourth)).toBe('resolved');
  });

  it('lets waiting senders go when a round trip fails, as their next publish will', async () => {
    const trips = new RoundTrips();
    const window = new PublishWindow(2, trips.start);
    await window.sentOne();
    const second = window.sentOne();
    expect(await settledState(second)).toBe('waiting');
    trips.pending.at(-1)!.reject(new Error('Channel closed'));
    expect(await settledState(second)).toBe('resolved');
  });
});
