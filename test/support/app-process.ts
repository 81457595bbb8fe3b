import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { waitFor } from './wait-for';
// Plain JS shared with `npm start`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfStale, bundlePath, ROOT } = require('../../scripts/lib/build-if-stale') as {
  buildIfStale(app: string, log?: (line: string) => void): string;
  bundlePath(app: string): string;
  ROOT: string;
};

export { bundlePath, ROOT };

export type AppName = 'gateway' | 'word-producer';

export interface AppProcessOptions {
  /** For messages about it; the app's name by default. */
  name?: string;
  nodeFlags?: string[];
  /** Where its output goes; kept in memory when unset. Either way `printed` reads it. */
  logFile?: string;
  /** An IPC channel to the child, for a hook preloaded with nodeFlags. */
  ipc?: boolean;
  /** Raise its open-file limit, for a process that will hold thousands of sockets. */
  manySockets?: boolean;
  /** Build the bundle first if the sources are newer (default); false runs dist/ as it is. */
  build?: boolean;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * One of the apps as a real process, from its bundle in dist/, to be killed like one. Tests and the
 * bench start them alike; tests keep the output in memory, the bench in a log file per app.
 */
export class AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Settles with the exit signal or code once the process has ended. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  private output = '';
  private stopping = false;

  private constructor(
    readonly app: AppName,
    env: Record<string, string | undefined>,
    private readonly options: AppProcessOptions,
  ) {
    this.name = options.name ?? app;
    const bundle = options.build === false ? bundlePath(app) : buildIfStale(app, () => undefined);
    const [command, args] = options.manySockets
      ? withRaisedFileLimit(process.execPath, [...(options.nodeFlags ?? []), bundle])
      : [process.execPath, [...(options.nodeFlags ?? []), bundle]];
    const log = options.logFile === undefined ? 'pipe' : openSync(options.logFile, 'a');
    const ipc = options.ipc ? ['ipc' as const] : [];
    this.child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log, ...ipc] });
    if (typeof log === 'number') closeSync(log);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? code)));
  }

  static start(app: AppName, env: Record<string, string | undefined>, options: AppProcessOptions = {}): AppProcess {
    return new AppProcess(app, env, options);
  }

  /** Waits until `url` answers 200; fails at once, with what the process printed, if it exits first. */
  async waitForHttpOk(url: string, timeoutMs = 30_000): Promise<void> {
    const answersOk = async () => {
      if (!this.running)
        throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${url} answered:\n${this.printed}`);
      return fetch(url, { signal: AbortSignal.timeout(5000) }).then(
        (response) => response.ok,
        () => false,
      );
    };
    await waitFor(`${url} to answer 200`, answersOk, timeoutMs).catch((error: Error) => {
      throw this.running ? new Error(`${error.message}; ${this.name} printed:\n${this.printed}`) : error;
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Whether it died without being asked to, which makes everything measured on it suspect. */
  get crashed(): boolean {
    return !this.stopping && !this.running;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get logFile(): string | undefined {
    return this.options.logFile;
  }

  get printed(): string {
    return this.options.logFile === undefined ? this.output : readFileSync(this.options.logFile, 'utf8');
  }

  /** Resident memory as the kernel counts it. */
  rssBytes(): number {
    const line = readFileSync(`/proc/${this.pid}/status`, 'utf8')
      .split('\n')
      .find((row) => row.startsWith('VmRSS:'));
    return Number(line?.split(/\s+/)[1]) * 1024;
  }

  /** Sends the signal and waits for the process to end; kills it if it is still there after 15 s. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A command with its open-file limit raised to the hard limit (10,000 streams need 10,000 sockets
 * in the gateway and as many in the client). Node cannot raise its own limit, a shell can.
 */
export function withRaisedFileLimit(command: string, args: string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', command, ...args]];
}

/** A port nothing listens on right now, for a gateway to take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A gateway as a real process on a free port, with its internal listener (METRICS_PORT) on another,
 * ready once it says it is (its broker connection up).
 */
export async function startGatewayProcess(
  env: Record<string, string | undefined>,
): Promise<{ gateway: AppProcess; baseUrl: string; internalUrl: string }> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const gateway = AppProcess.start('gateway', { ...env, PORT: String(port), METRICS_PORT: String(metricsPort) });
  const internalUrl = `http://127.0.0.1:${metricsPort}`;
  await gateway.waitForHttpOk(`${internalUrl}/health/ready`);
  return { gateway, baseUrl: `http://127.0.0.1:${port}`, internalUrl };
}
