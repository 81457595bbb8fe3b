import { EventEmitter } from 'node:events';

/** The signals a parent sends a running job; `abandon` when it gives up on the job. */
export type SignalName = 'stop' | 'open' | 'close' | 'read' | 'release' | 'abandon';

/** Each signal, as an event of the job's control, with the data the parent sent along. */
type SignalEvents = Record<SignalName, [data: unknown]>;

/**
 * The progress reports a job sends: each report's name, with the type of its data (undefined for
 * none). The default takes any report.
 */
export type ReportMap = Record<string, unknown>;

/** The reports of a job that sends none. */
export type NoReports = Record<never, never>;

/** The reports of a job with a measuring window: the parent meters CPU between the two. */
export interface WindowReports {
  'window-open': undefined;
  'window-closed': undefined;
}

/** A signal, down from the parent. */
export interface SignalMessage {
  type: 'signal';
  name: SignalName;
  data?: unknown;
}

/** One of a job's reports `R`, up to the parent. */
export type ReportMessage<R = ReportMap> = {
  [K in keyof R & string]: { type: 'report'; id: number; name: K; data: R[K] };
}[keyof R & string];

/** The job's result, up to the parent. */
export interface ResultMessage<T = unknown> {
  type: 'result';
  id: number;
  result: T;
}

/** The job threw: its stack, up to the parent. */
export interface FailedMessage {
  type: 'failed';
  id: number;
  error: string;
}

/** Everything the load client sends its parent about a job. */
export type ClientMessage<R = ReportMap, T = unknown> = ReportMessage<R> | ResultMessage<T> | FailedMessage;

/** The load client runs only as the bench's child process, with an IPC channel to it. */
function sendToParent(message: ClientMessage): void {
  if (!process.send) throw new Error('the load client must run as a child process with an IPC channel');
  process.send(message);
}

/** A running job's line to the parent: reports going up, signals coming down. */
class JobControl<R = ReportMap> extends EventEmitter<SignalEvents> {
  readonly jobId: number;
  private readonly received = new Map<SignalName, unknown>();
  private abandoned = false;

  constructor(jobId: number) {
    super();
    this.jobId = jobId;
    this.on('abandon', () => (this.abandoned = true));
  }

  signal(name: SignalName, data: unknown): void {
    this.received.set(name, data);
    this.emit(name, data);
  }

  report<K extends keyof R & string>(name: K, ...[data]: undefined extends R[K] ? [data?: R[K]] : [data: R[K]]): void {
    sendToParent({ type: 'report', id: this.jobId, name, data });
  }

  /** Resolves on the parent's signal `name`, even one that came early; rejects on `abandon` or after `timeoutMs`. */
  waitFor(name: SignalName, timeoutMs: number): Promise<unknown> {
    if (this.received.has(name)) return Promise.resolve(this.received.get(name));
    return new Promise((resolve, reject) => {
      const done = (settle: (value: unknown) => void, value: unknown): void => {
        clearTimeout(timer);
        this.off(name, onSignal);
        this.off('abandon', onAbandon);
        settle(value);
      };
      const onSignal = (data: unknown): void => done(resolve, data);
      const onAbandon = (): void => done(reject, new Error(`abandoned while waiting for "${name}"`));
      const timer = setTimeout(() => done(reject, new Error(`no "${name}" signal within ${timeoutMs} ms`)), timeoutMs);
      this.on(name, onSignal);
      this.on('abandon', onAbandon);
      if (this.abandoned) onAbandon();
    });
  }
}

export { JobControl, sendToParent };
