import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { withRaisedFileLimit } from '../../test/support/app-process';
import type { SignalMessage, SignalName } from '../client/job-control';
import type { JobMessage, JobName, JobParams, JobReports, JobResult, RunMessage } from '../client/main';

/** The load client's entry point, run from TypeScript through tsx (a devDependency). */
const CLIENT_MAIN = join(__dirname, '..', 'client', 'main.ts');

/** The name of one of job `K`'s progress reports. */
export type ReportName<K extends JobName> = keyof JobReports<K> & string;

export interface JobOptions {
  timeoutMs: number;
  /** Hears every progress report of the job, as it arrives. */
  onReport?: (name: string, data: unknown) => void;
}

/** A job started in a client: its outcome, and its progress reports by name. */
export interface RunningJob<K extends JobName> {
  result: Promise<JobResult<K>>;
  report<N extends ReportName<K>>(name: N): Promise<JobReports<K>[N]>;
}

/** A message about some job, from the client (which sends nothing else). */
function isFromClient(message: unknown): message is JobMessage {
  return typeof message === 'object' && message !== null && 'id' in message && 'type' in message;
}

/** A load-client process (bench/client/main.ts) and the jobs it runs for us, one at a time. */
class ClientProcess {
  private jobs = 0;
  private readonly child: ChildProcess;
  /** Settles with the exit code (null if killed by a signal) once the process has ended. */
  private readonly exited: Promise<number | null>;

  constructor(readonly name: string) {
    const [command, args] = withRaisedFileLimit(process.execPath, ['--import', 'tsx', CLIENT_MAIN]);
    this.child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.connected;
  }

  run<K extends JobName>(job: K, params: JobParams<K>, options: JobOptions): Promise<JobResult<K>> {
    return this.start(job, params, options).result;
  }

  /**
   * Starts a job. `result` settles with its outcome; `report(name)` resolves with the data of its
   * progress report `name` (`onReport` hears them all). A job that fails or outlives `timeoutMs`
   * rejects, and then the client is killed: it cannot be trusted with another job.
   */
  start<K extends JobName>(job: K, params: JobParams<K>, { timeoutMs, onReport = () => undefined }: JobOptions): RunningJob<K> {
    const id = ++this.jobs;
    const reports = new Reports();
    const result = new Promise<JobResult<K>>((resolve, reject) => {
      const settled = () => {
        clearTimeout(timer);
        this.child.off('message', listen);
        this.child.off('exit', onExit);
      };
      const succeed = (value: JobResult<K>) => {
        settled();
        resolve(value);
      };
      const fail = (error: Error) => {
        settled();
        reject(error);
      };
      const listen = (message: unknown) => {
        if (!isFromClient(message) || message.id !== id) return;
        switch (message.type) {
          case 'report':
            reports.arrived(message.name, message.data);
            onReport(message.name, message.data);
            break;
          case 'result':
            // The id says it is what job K returned (through JSON).
            succeed(message.result as JobResult<K>);
            break;
          case 'failed':
            fail(new Error(`${this.name} client, ${job}: ${message.error}`));
            break;
        }
      };
      const onExit = (code: number | null) => fail(new Error(`${this.name} client exited (${code}) during ${job}`));
      const timer = setTimeout(() => {
        fail(new Error(`${this.name} client: ${job} took more than ${timeoutMs} ms`));
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.child.on('message', listen);
      this.child.once('exit', onExit);
      const run: RunMessage<K> = { type: 'run', id, job, params };
      this.child.send(run);
    });
    // Rejects either way: with the job's error, or because it ended without the report awaited.
    const ended: Promise<never> = result.then(() => Promise.reject(new Error(`${job} ended before reporting`)));
    ended.catch(() => undefined);
    return {
      result,
      // What job K reported under that name (through JSON).
      report: <N extends ReportName<K>>(name: N) => Promise.race([reports.next(name), ended]) as Promise<JobReports<K>[N]>,
    };
  }

  signal(name: SignalName, data?: unknown): void {
    const message: SignalMessage = { type: 'signal', name, data };
    if (this.child.connected) this.child.send(message);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** One report's data, once it has arrived. */
interface ReportSlot {
  promise: Promise<unknown>;
  resolve: (data: unknown) => void;
}

/** Progress reports by name, whether they arrive before or after someone waits for them. */
class Reports {
  private readonly slots = new Map<string, ReportSlot>();

  private slot(name: string): ReportSlot {
    let slot = this.slots.get(name);
    if (!slot) {
      let resolve: (data: unknown) => void = () => undefined;
      const promise = new Promise<unknown>((done) => (resolve = done));
      slot = { promise, resolve };
      this.slots.set(name, slot);
    }
    return slot;
  }

  arrived(name: string, data: unknown): void {
    this.slot(name).resolve(data);
  }

  next(name: string): Promise<unknown> {
    return this.slot(name).promise;
  }
}

export { ClientProcess };
