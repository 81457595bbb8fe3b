import { ErrorLog, type ErrorSummary } from '../client/error-log';

/** A figure's correctness problems, gathered from its jobs' error logs and from the broker afterwards. */
class Problems extends ErrorLog {
  /** Takes in a job's `{ count, sample }`. */
  addLog(log: ErrorSummary | null | undefined): void {
    if (!log) return;
    this.count += log.count;
    for (const problem of log.sample) if (this.sample.length < this.sampleSize) this.sample.push(problem);
  }

  /** Shows a line that explains the problems first, without counting it as one more. */
  explain(cause: string): void {
    this.sample.unshift(cause);
    if (this.sample.length > this.sampleSize) this.sample.pop();
  }
}

export { Problems };
