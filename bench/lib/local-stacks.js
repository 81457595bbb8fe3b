'use strict';
const { randomUUID } = require('node:crypto');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { AMQP_URL } = require('../broker/amqp-url');
const { AppProcess } = require('./app-process');
const { freePort } = require('./free-port');

const WORKER_READY_MS = 30_000;
/** The bench is one client doing the work of thousands: the per-client limits would stop it. */
const UNLIMITED_CLIENT = { MESSAGE_RATE_PER_SECOND: '1000000', MESSAGE_BURST: '1000000', MAX_STREAMS_PER_CLIENT: '1000000' };
const MEMORY_REPORT_MS = 10_000;

/**
 * Starts and swaps the apps each figure needs: one gateway shared by the figures with a worker
 * (the worker restarted whenever its WORD_DELAY_MS or PREFETCH must change), and a fresh gateway
 * without any worker, built for memory readings, for the idle-stream figures.
 * Every gateway has a requests queue of its own, so no other test or run takes its messages.
 */
class LocalStacks {
  constructor({ admin, logDir, profileDir }) {
    Object.assign(this, { admin, logDir, profileDir });
    this.requestsQueues = [];
    this.apps = [];
    this.main = undefined;
    this.worker = undefined;
    this.workerSettings = undefined;
    this.idle = undefined;
  }

  /** The gateway with a worker of these settings; its memory can be read after a full GC, too. */
  async withWorker(settings) {
    this.main ??= await this.startMeasuredGateway('gateway', {});
    if (this.worker && JSON.stringify(settings) !== JSON.stringify(this.workerSettings)) await this.stopWorker();
    if (!this.worker) await this.startWorker(settings);
    return this.main;
  }

  /** A fresh gateway with no worker on its requests queue, whose memory can be read after a full GC. */
  async idleGateway({ resumeWindowMs }) {
    this.idle ??= await this.startIdleGateway(resumeWindowMs);
    return this.idle;
  }

  async startIdleGateway(resumeWindowMs) {
    await this.stopWorker();
    await this.main?.process.stop();
    this.main = undefined;
    return this.startMeasuredGateway('idle-gateway', {
      STREAM_IDLE_TIMEOUT_MS: String(3_600_000),
      RESUME_WINDOW_MS: String(resumeWindowMs),
    });
  }

  async startMeasuredGateway(name, env) {
    const gateway = await this.startGateway(name, {
      env,
      nodeFlags: ['--expose-gc', '-r', join(__dirname, '..', 'support', 'gc-on-ipc.js')],
      ipc: true,
    });
    return { ...gateway, memoryAfterGc: () => readMemoryAfterGc(gateway.process) };
  }

  pids() {
    return { gateway: (this.main ?? this.idle)?.process.pid, worker: this.worker?.pid };
  }

  crashed() {
    return this.apps.filter((app) => app.crashed).map((app) => `${app.name} exited unexpectedly; see ${app.logFile}`);
  }

  async stopAll() {
    await Promise.all(this.apps.map((app) => app.stop()));
  }

  async startGateway(name, { env = {}, nodeFlags = [], ipc = false }) {
    const requestsQueue = `requests_queue.bench.${randomUUID()}`;
    this.requestsQueues.push(requestsQueue);
    const port = await freePort();
    const process = this.launch(
      name,
      'gateway',
      { ...UNLIMITED_CLIENT, ...env, PORT: String(port), REQUESTS_QUEUE: requestsQueue },
      nodeFlags,
      ipc,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    await process.waitUntilHealthy(baseUrl);
    return { name, process, baseUrl, requestsQueue };
  }

  async startWorker(settings) {
    const env = {
      REQUESTS_QUEUE: this.main.requestsQueue,
      WORD_DELAY_MS: String(settings.wordDelayMs),
      PREFETCH: String(settings.prefetch),
    };
    this.worker = this.launch(`word-producer-${settings.wordDelayMs}ms`, 'word-producer', env, []);
    this.workerSettings = settings;
    if (!(await this.admin.waitForConsumers(this.main.requestsQueue, 1, WORKER_READY_MS))) {
      throw new Error(
        `${this.worker.name} did not consume ${this.main.requestsQueue} within ${WORKER_READY_MS} ms; see ${this.worker.logFile}`,
      );
    }
  }

  async stopWorker() {
    await this.worker?.stop();
    this.worker = undefined;
  }

  launch(name, app, env, nodeFlags, ipc = false) {
    const profiling = this.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${join(this.profileDir, app)}`] : [];
    const process = new AppProcess(name, app, {
      env: { AMQP_URL, ...env },
      nodeFlags: [...profiling, ...nodeFlags],
      logFile: join(this.logDir, `${name}.log`),
      ipc,
    });
    this.apps.push(process);
    return process;
  }
}

/** Asks the gateway's preloaded hook (support/gc-on-ipc.js) for a full GC, then reads RSS as the kernel sees it. */
function readMemoryAfterGc(app) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the gateway sent no memory report within ${MEMORY_REPORT_MS} ms`)), MEMORY_REPORT_MS);
    const listen = (message) => message?.type === 'bench:memory' && finish(undefined, message);
    const finish = (error, usage) => {
      clearTimeout(timer);
      app.child.off('message', listen);
      if (error) return reject(error);
      resolve({ rssBytes: app.rssBytes(), heapUsedBytes: usage.heapUsed, heapTotalBytes: usage.heapTotal, externalBytes: usage.external });
    };
    app.child.on('message', listen);
    app.child.send('bench:gc');
  });
}

/** The logs of one run go to a temporary folder, outside the repository. */
function makeLogDir(tmpRoot, runId) {
  const dir = join(tmpRoot, `bench-${runId}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

module.exports = { LocalStacks, makeLogDir };
