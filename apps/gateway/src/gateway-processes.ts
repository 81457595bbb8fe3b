import { Logger } from '@nestjs/common';
import cluster, { Worker } from 'node:cluster';

/** A process that dies within this long of its start is not started again: it would only die again. */
const CRASH_LOOP_MS = 5000;

export interface GatewayProcessesOptions {
  processes: number;
  /** Each process's internal listener is on this port plus its index (0, 1, …), when set. */
  metricsPort?: number;
}

/**
 * GATEWAY_PROCESSES > 1: this process starts that many gateway processes, which share PORT through
 * Node's cluster module. This one accepts every connection and hands it to them in turn, so a process
 * whose event loop is busy no longer holds new connections in the listen queue. A process that dies
 * is started again. SIGTERM or SIGINT is passed on to each, and this one exits once all of them have
 * shut down (each drains its own streams).
 */
export function runGatewayProcesses({ processes, metricsPort }: GatewayProcessesOptions): void {
  const logger = new Logger('GatewayProcesses');
  let stopping = false;
  const start = (index: number): Worker => {
    const env = metricsPort === undefined || metricsPort === 0 ? {} : { METRICS_PORT: String(metricsPort + index) };
    const worker = cluster.fork({ ...env, GATEWAY_PROCESS_INDEX: String(index) });
    const startedAt = Date.now();
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      const why = signal ?? `exit code ${code}`;
      if (Date.now() - startedAt < CRASH_LOOP_MS) {
        logger.error(`Gateway process ${index} stopped (${why}) right after it started; stopping the others`);
        return stop(1);
      }
      logger.warn(`Gateway process ${index} stopped (${why}); starting it again`);
      workers[index] = start(index);
    });
    return worker;
  };
  const workers = Array.from({ length: processes }, (_, index) => start(index));
  const stop = (exitCode: number) => {
    stopping = true;
    const running = workers.filter((worker) => !worker.isDead());
    for (const worker of running) worker.process.kill('SIGTERM');
    void Promise.all(running.map((worker) => new Promise((resolve) => worker.once('exit', resolve)))).then(() => process.exit(exitCode));
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(0));
  logger.log(`Started ${processes} gateway processes`);
}

/** This process is the one that starts the gateway processes, rather than one of them. */
export function startsGatewayProcesses(processes: number): boolean {
  return processes > 1 && cluster.isPrimary;
}
