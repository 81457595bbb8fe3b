import type { GatewayHandle, MeasuredGateway, Stacks, WorkerSettings } from './context';
import { FigureSkipped } from './skip';

/** A gateway and workers someone else runs: usable only for the figures its WORD_DELAY_MS suits. */
class ExternalStack implements Stacks {
  readonly requestsQueues: string[] = [];

  constructor(
    readonly baseUrl: string,
    readonly wordDelayMs: number,
  ) {}

  withWorker({ wordDelayMs }: WorkerSettings): Promise<GatewayHandle> {
    if (wordDelayMs !== this.wordDelayMs)
      return Promise.reject(new FigureSkipped(`needs WORD_DELAY_MS=${wordDelayMs}; the running stack has ${this.wordDelayMs}`));
    return Promise.resolve({ baseUrl: this.baseUrl });
  }

  withProcesses(): Promise<GatewayHandle> {
    return Promise.reject(new FigureSkipped('needs gateways of 1 and 2 processes that the bench starts itself'));
  }

  idleGateway(): Promise<MeasuredGateway> {
    return Promise.reject(new FigureSkipped('needs a gateway without workers that the bench starts itself'));
  }

  pids(): { gateway?: number; worker?: number } {
    return {};
  }

  crashed(): string[] {
    return [];
  }

  stopAll(): Promise<void> {
    return Promise.resolve();
  }
}

export { ExternalStack };
