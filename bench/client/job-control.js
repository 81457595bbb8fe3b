'use strict';
const { EventEmitter } = require('node:events');

/** A running job's line to the parent: reports going up, signals coming down. */
class JobControl extends EventEmitter {
  constructor(jobId) {
    super();
    this.jobId = jobId;
  }

  report(name, data) {
    process.send({ type: 'report', id: this.jobId, name, data });
  }

  /** Resolves on the parent's signal `name`, or rejects after `timeoutMs`. */
  waitFor(name, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${name}" signal within ${timeoutMs} ms`)), timeoutMs);
      this.once(name, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
    });
  }
}

module.exports = { JobControl };
