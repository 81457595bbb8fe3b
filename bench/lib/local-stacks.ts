import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AMQP_URL } from '../broker/amqp-url';
import { AppProcess, type AppName, freePort } from '../../test/support/app-process';
import type { BrokerInspector } from '../../test/support/broker-inspector';
import type { GatewayHandle, MeasuredGateway, MemoryReading, Stacks, WorkerSettings } from './context';

const WORKER_READY_MS = 30_000;
const GATEWAY_READY_MS = 30_000;
/** The bench is one client doing the work of thousands: the per-client limits would stop it. */
const UNLIMITED_CLIENT = {
  MESSAGE_RATE_PER_SECOND: '1000000',
  MESSAGE_BURST: '1000000',
  MAX_STREAMS_PER_CLIENT: '1000000',
  STREAM_REQUESTS_PER_SECOND: '1000000',
  STREAM_REQUEST_BURST: '1000000',
};
const MEMORY_REPORT_MS = 10_000;

export interface LocalStacksOptions {
  /** Tells when a worker serves: it consumes its gateway's requests queue. */
  admin: BrokerInspector;
  /** Where each app's output goes, one log file per app. */
  logDir: string;
  /** With one, the apps run under node --cpu-prof and write their profiles into `<profileDir>/<app>`. */
  profileDir?: string;
}

/** A gateway once it answers /health. */
interface StartedGateway {
  name: string;
  process: AppProcess;
  baseUrl: string;
  requestsQueue: string;
}

interface GatewayOptions {
  env?: Record<string, string>;
  nodeFlags?: string[];
  ipc?: boolean;
}

/** What the preloaded hook (support/gc-on-ipc.js) answers: process.memoryUsage() after a full GC. */
type MemoryReport = { type: 'bench:memory' } & NodeJS.MemoryUsage;

/**
 * Starts and swaps the apps each figure needs: one gateway shared by the figures with a worker
 * (the worker restarted whenever its WORD_DELAY_MS or PREFETCH must change), and a fresh gateway
 * without any worker, built for memory readings, for the idle-stream figures.
 * Every gateway has a requests queue of its own, so no other test or run takes its messages.
 */
class LocalStacks implements Stacks {
  readonly requestsQueues: string[] = [];
  private readonly admin: BrokerInspector;
  private readonly logDir: string;
  private readonly profileDir: string | undefined;
  private readonly apps: AppProcess[] = [];
  private main: MeasuredGateway | undefined = undefined;
  private worker: AppProcess | undefined = undefined;
  private workerSettings: WorkerSettings | undefined = undefined;
  private idle: MeasuredGateway | undefined = undefined;
  /** The gateway of withProcesses(), its process count and its worker's settings. */
  private clustered: { gateway: StartedGateway; worker: AppProcess; processes: number; settings: WorkerSettings } | undefined = undefined;

  constructor({ admin, logDir, profileDir }: LocalStacksOptions) {
    this.admin = admin;
    this.logDir = logDir;
    this.profileDir = profileDir;
  }

  /** The gateway with a worker of these settings; its memory can be read after a full GC, too. */
  async withWorker(settings: WorkerSettings): Promise<MeasuredGateway> {
    await this.stopClustered();
    const main = (this.main ??= await this.startMeasuredGateway('gateway', {}));
    if (this.worker && JSON.stringify(settings) !== JSON.stringify(this.workerSettings)) await this.stopWorker();
    if (!this.worker) {
      this.worker = await this.startWorker(main, settings);
      this.workerSettings = settings;
    }
    return main;
  }

  /**
   * A gateway of `processes` processes and a worker of these settings, each started again whenever
   * either changes; the shared gateway's worker is stopped meanwhile, so that only this stack works.
   */
  async withProcesses(processes: number, settings: WorkerSettings): Promise<GatewayHandle> {
    const current = this.clustered;
    if (current && current.processes === processes && JSON.stringify(current.settings) === JSON.stringify(settings)) return current.gateway;
    await this.stopWorker();
    await this.stopClustered();
    const gateway = await this.startGateway(`gateway-${processes}-processes`, { env: { GATEWAY_PROCESSES: String(processes) } });
    const worker = await this.startWorker(gateway, settings);
    this.clustered = { gateway, worker, processes, settings };
    return gateway;
  }

  private async stopClustered(): Promise<void> {
    await Promise.all([this.clustered?.worker.stop(), this.clustered?.gateway.process.stop()]);
    this.clustered = undefined;
  }

  /** A fresh gateway with no worker on its requests queue, whose memory can be read after a full GC. */
  async idleGateway({ resumeWindowMs }: { resumeWindowMs: number }): Promise<MeasuredGateway> {
    this.idle ??= await this.startIdleGateway(resumeWindowMs);
    return this.idle;
  }

  private async startIdleGateway(resumeWindowMs: number): Promise<MeasuredGateway> {
    await this.stopWorker();
    await this.main?.process.stop();
    this.main = undefined;
    return this.startMeasuredGateway('idle-gateway', {
      STREAM_IDLE_TIMEOUT_MS: String(3_600_000),
      RESUME_WINDOW_MS: String(resumeWindowMs),
    });
  }

  private async startMeasuredGateway(name: string, env: Record<string, string>): Promise<MeasuredGateway> {
    const gateway = await this.startGateway(name, {
      env,
      nodeFlags: ['--expose-gc', '-r', join(__dirname, '..', 'support', 'gc-on-ipc.js')],
      ipc: true,
    });
    return { ...gateway, memoryAfterGc: () => readMemoryAfterGc(gateway.process), rssNow: () => gateway.process.rssBytes() };
  }

  pids(): { gateway?: number; worker?: number } {
    return { gateway: (this.main ?? this.idle)?.process.pid, worker: this.worker?.pid };
  }

  crashed(): string[] {
    return this.apps.filter((app) => app.crashed).map((app) => `${app.name} exited unexpectedly; see ${app.logFile}`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
  }

  private async startGateway(name: string, { env = {}, nodeFlags = [], ipc = false }: GatewayOptions): Promise<StartedGateway> {
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
    await process.waitForHttpOk(`${baseUrl}/health`, GATEWAY_READY_MS);
    return { name, process, baseUrl, requestsQueue };
  }

  private async startWorker(gateway: StartedGateway, settings: WorkerSettings): Promise<AppProcess> {
    const env = {
      REQUESTS_QUEUE: gateway.requestsQueue,
      WORD_DELAY_MS: String(settings.wordDelayMs),
      PREFETCH: String(settings.prefetch),
      // Every bench stream comes from one client; the worker's fair share per client would run a fifth at a time.
      ANSWERS_PER_CLIENT: String(settings.prefetch),
    };
    const worker = this.launch(`word-producer-${settings.wordDelayMs}ms`, 'word-producer', env, []);
    await this.admin.waitForConsumers(gateway.requestsQueue, 1, WORKER_READY_MS).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${worker.name} did not start serving (${reason}); see ${worker.logFile}`);
    });
    return worker;
  }

  private async stopWorker(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }

  private launch(name: string, app: AppName, env: Record<string, string>, nodeFlags: string[], ipc = false): AppProcess {
    const profiling = this.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${join(this.profileDir, app)}`] : [];
    const process = AppProcess.start(
      app,
      { AMQP_URL, ...env },
      { name, nodeFlags: [...profiling, ...nodeFlags], logFile: join(this.logDir, `${name}.log`), ipc, manySockets: true, build: false },
    );
    this.apps.push(process);
    return process;
  }
}

function isMemoryReport(message: unknown): message is MemoryReport {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'bench:memory';
}

/** Asks the gateway's preloaded hook (support/gc-on-ipc.js) for a full GC, then reads RSS as the kernel sees it. */
function readMemoryAfterGc(app: AppProcess): Promise<MemoryReading> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the gateway sent no memory report within ${MEMORY_REPORT_MS} ms`)), MEMORY_REPORT_MS);
    const listen = (message: unknown) => {
      if (isMemoryReport(message)) succeed(message);
    };
    const settled = () => {
      clearTimeout(timer);
      app.child.off('message', listen);
    };
    const fail = (error: Error) => {
      settled();
      reject(error);
    };
    const succeed = (usage: MemoryReport) => {
      settled();
      resolve({ rssBytes: app.rssBytes(), heapUsedBytes: usage.heapUsed, heapTotalBytes: usage.heapTotal, externalBytes: usage.external });
    };
    app.child.on('message', listen);
    app.child.send('bench:gc');
  });
}

/** The logs of one run go to a temporary folder, outside the repository. */
function makeLogDir(tmpRoot: string, runId: string): string {
  const dir = join(tmpRoot, `bench-${runId}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export { LocalStacks, makeLogDir };
