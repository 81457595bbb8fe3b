'use strict';
const { EventEmitter } = require('node:events');

/** A running job's line to the parent: reports going up, signals coming down. */
class JobControl extends EventEmitter {
  constructor(jobId) {
    super();
    this.jobId = jobId;
    this.received = new Map();
    this.on('abandon', () => (this.abandoned = true));
  }

  signal(name, data) {
    this.received.set(name, data);
    this.emit(name, data);
  }

  report(name, data) {
    process.send({ type: 'report', id: this.jobId, name, data });
  }

  /** Resolves on the parent's signal `name`, even one that came early; rejects on `abandon` or after `timeoutMs`. */
  waitFor(name, timeoutMs) {
    if (this.received.has(name)) return Promise.resolve(this.received.get(name));
    return new Promise((resolve, reject) => {
      const done = (settle, value) => {
        clearTimeout(timer);
        this.off(name, onSignal);
        this.off('abandon', onAbandon);
        settle(value);
      };
      const onSignal = (data) => done(resolve, data);
      const onAbandon = () => done(reject, new Error(`abandoned while waiting for "${name}"`));
      const timer = setTimeout(() => done(reject, new Error(`no "${name}" signal within ${timeoutMs} ms`)), timeoutMs);
      this.on(name, onSignal);
      this.on('abandon', onAbandon);
      if (this.abandoned) onAbandon();
    });
  }
}

module.exports = { JobControl };
