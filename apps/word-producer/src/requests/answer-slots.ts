/**
 * The worker's answer slots, shared fairly. A client has at most `perClient` answers being generated
 * at once, and when a slot frees, the clients with requests waiting take turns. Beyond the `total`
 * (PREFETCH) slots, `forNewClients` more are kept for clients with nothing in progress: however many
 * heavy clients hold all PREFETCH slots with answers that run for minutes, a new client's first answer
 * starts at once. To crowd a newcomer out takes `forNewClients` other clients that each start their
 * one answer while PREFETCH is full, as many as ordinary users. Requests wait here, taken from the
 * queue but not yet answered (the broker gives them back if the worker goes).
 */
export class AnswerSlots {
  private running = 0;
  private readonly runningByClient = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** When each client with requests waiting last had one started: the longest-served-ago goes next. */
  private readonly lastStarted = new Map<string, number>();
  private starts = 0;

  constructor(
    private readonly total: number,
    private readonly perClient: number,
    private readonly forNewClients: number,
  ) {}

  /** Resolves once the client's request may be answered; call release() when it is done. */
  acquire(client: string): Promise<void> {
    if (!this.waiting.has(client) && this.canStart(client)) {
      this.start(client);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(client) ?? [];
      queue.push(resolve);
      this.waiting.set(client, queue);
    });
  }

  release(client: string): void {
    this.running -= 1;
    const running = this.runningByClient.get(client)! - 1;
    if (running > 0) this.runningByClient.set(client, running);
    else this.runningByClient.delete(client);
    if (running === 0 && !this.waiting.has(client)) this.lastStarted.delete(client);
    this.startWaiting();
  }

  /** Answers being generated, and requests waiting for a slot. */
  get load(): { running: number; waiting: number } {
    let waiting = 0;
    for (const queue of this.waiting.values()) waiting += queue.length;
    return { running: this.running, waiting };
  }

  private startWaiting(): void {
    for (let client = this.nextClient(); client !== undefined; client = this.nextClient()) {
      const queue = this.waiting.get(client)!;
      const next = queue.shift()!;
      if (queue.length === 0) this.waiting.delete(client);
      this.start(client);
      next();
    }
  }

  /** The waiting client that may start now and was served longest ago, if any. */
  private nextClient(): string | undefined {
    let chosen: string | undefined;
    for (const client of this.waiting.keys()) {
      if (!this.canStart(client)) continue;
      if (chosen === undefined || (this.lastStarted.get(client) ?? -1) < (this.lastStarted.get(chosen) ?? -1)) chosen = client;
    }
    return chosen;
  }

  private canStart(client: string): boolean {
    const own = this.runningByClient.get(client) ?? 0;
    if (own === 0) return this.running < this.total + this.forNewClients;
    return this.running < this.total && own < this.perClient;
  }

  private start(client: string): void {
    this.running += 1;
    this.runningByClient.set(client, (this.runningByClient.get(client) ?? 0) + 1);
    this.lastStarted.set(client, this.starts++);
  }
}
