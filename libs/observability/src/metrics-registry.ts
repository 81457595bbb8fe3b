import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * A Prometheus registry with the process metrics (CPU, memory, event loop lag, GC), to which an app
 * adds its own. Counts on the hot path are plain numbers the app keeps, read only when Prometheus
 * scrapes: a word costs an increment, not a metric lookup.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** A counter whose value is `read()` at scrape time; `read` must never go down. */
export function countFrom(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** A gauge whose value is `read()` at scrape time. */
function gaugeFrom(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** An app's metrics: the registry GET /metrics serves, and gauges read from the app's state at scrape time. */
export abstract class AppMetrics {
  readonly registry: Registry = createMetricsRegistry();

  watch(name: string, help: string, read: () => number): void {
    gaugeFrom(this.registry, name, help, read);
  }
}
