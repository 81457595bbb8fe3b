'use strict';

const SAMPLE_SIZE = 10;

/** A figure's correctness problems, gathered from its jobs and from the broker afterwards. */
class Problems {
  constructor() {
    this.count = 0;
    this.sample = [];
  }

  add(problem) {
    this.count += 1;
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(problem);
  }

  /** Takes in a job's `{ count, sample }`. */
  addLog(log) {
    if (!log) return;
    this.count += log.count;
    for (const problem of log.sample) if (this.sample.length < SAMPLE_SIZE) this.sample.push(problem);
  }

  toJSON() {
    return { count: this.count, sample: this.sample };
  }
}

module.exports = { Problems };
