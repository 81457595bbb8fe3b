'use strict';

const SAMPLE_SIZE = 10;

/** Counts a job's correctness problems and keeps the first few to show. */
class ErrorLog {
  constructor() {
    this.count = 0;
    this.sample = [];
    this.sampleSize = SAMPLE_SIZE;
  }

  add(problem) {
    if (!problem) return;
    this.count += 1;
    if (this.sample.length < this.sampleSize) this.sample.push(problem);
  }

  toJSON() {
    return { count: this.count, sample: this.sample };
  }
}

module.exports = { ErrorLog };
