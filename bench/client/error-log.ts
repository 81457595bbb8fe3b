const SAMPLE_SIZE = 10;

/** A job's correctness problems as they cross to the parent (ErrorLog's JSON): how many, and the first few. */
export interface ErrorSummary {
  count: number;
  sample: string[];
}

/** Counts a job's correctness problems and keeps the first few to show. */
class ErrorLog implements ErrorSummary {
  count = 0;
  readonly sample: string[] = [];
  readonly sampleSize: number = SAMPLE_SIZE;

  add(problem?: string): void {
    if (!problem) return;
    this.count += 1;
    if (this.sample.length < this.sampleSize) this.sample.push(problem);
  }

  toJSON(): ErrorSummary {
    return { count: this.count, sample: this.sample };
  }
}

export { ErrorLog };
