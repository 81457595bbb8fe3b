import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * An app's Prometheus metrics: a registry with the process metrics (CPU, memory, event loop lag, GC),
 * to which the app adds its own. Counts on the hot path are plain numbers the app keeps, read only
 * when Prometheus scrapes: a word costs an increment, not a metric lookup.
 */
export abstract class AppMetrics {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A counter whose value is `read()` at scrape time; `read` must never go down. */
  count(name: string, help: string, read: () => number): void {
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  /** A gauge whose value is `read()` at scrape time. */
  watch(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
