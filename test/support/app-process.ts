import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
// Plain JS shared with `npm start`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfStale } = require('../../scripts/lib/build-if-stale') as { buildIfStale(app: string, log?: (line: string) => void): string };

export type AppName = 'gateway' | 'word-producer';

/** One of the apps as a real process, built from the current sources, to be killed like one. */
export class AppProcess {
  private output = '';

  private constructor(
    readonly app: AppName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static start(app: AppName, env: Record<string, string>): AppProcess {
    const bundle = buildIfStale(app, () => undefined);
    const child = spawn(process.execPath, [bundle], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new AppProcess(app, child);
  }

  /** Waits until `url` answers 200; fails at once, with what the process printed, if it exits first. */
  async waitForHttpOk(url: string, timeoutMs = 30_000): Promise<void> {
    const answersOk = () =>
      fetch(url).then(
        (response) => response.ok,
        () => false,
      );
    const deadline = Date.now() + timeoutMs;
    while (!(await answersOk())) {
      if (!this.running)
        throw new Error(`${this.app} exited (${this.child.exitCode ?? this.child.signalCode}) before ${url} answered:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms; ${this.app} printed:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get printed(): string {
    return this.output;
  }

  /** Sends the signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A gateway as a real process on a free port, ready once it says it is (its broker connection up). */
export async function startGatewayProcess(env: Record<string, string>): Promise<{ gateway: AppProcess; baseUrl: string }> {
  const port = await freePort();
  const gateway = AppProcess.start('gateway', { ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  await gateway.waitForHttpOk(`${baseUrl}/health/ready`);
  return { gateway, baseUrl };
}
