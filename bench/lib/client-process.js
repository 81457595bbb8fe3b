'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { withRaisedFileLimit } = require('./file-limit');

const CLIENT_MAIN = join(__dirname, '..', 'client', 'main.js');

/** A load-client process (bench/client/main.js) and the jobs it runs for us, one at a time. */
class ClientProcess {
  constructor(name) {
    this.name = name;
    this.jobs = 0;
    const [command, args] = withRaisedFileLimit(process.execPath, [CLIENT_MAIN]);
    this.child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  get pid() {
    return this.child.pid;
  }

  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.connected;
  }

  run(job, params, options) {
    return this.start(job, params, options).result;
  }

  /**
   * Starts a job. `result` settles with its outcome; `report(name)` resolves with the data of its
   * progress report `name` (`onReport` hears them all). A job that fails or outlives `timeoutMs`
   * rejects, and then the client is killed: it cannot be trusted with another job.
   */
  start(job, params, { timeoutMs, onReport = () => undefined }) {
    const id = ++this.jobs;
    const reports = new Reports();
    const result = new Promise((resolve, reject) => {
      const finish = (settle, value) => {
        clearTimeout(timer);
        this.child.off('message', listen);
        this.child.off('exit', onExit);
        settle(value);
      };
      const listen = (message) => {
        if (message.id !== id) return;
        if (message.type === 'report') {
          reports.arrived(message.name, message.data);
          onReport(message.name, message.data);
        } else if (message.type === 'result') finish(resolve, message.result);
        else if (message.type === 'failed') finish(reject, new Error(`${this.name} client, ${job}: ${message.error}`));
      };
      const onExit = (code) => finish(reject, new Error(`${this.name} client exited (${code}) during ${job}`));
      const timer = setTimeout(() => {
        finish(reject, new Error(`${this.name} client: ${job} took more than ${timeoutMs} ms`));
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.child.on('message', listen);
      this.child.once('exit', onExit);
      this.child.send({ type: 'run', id, job, params });
    });
    const ended = result.then(
      () => Promise.reject(new Error(`${job} ended before reporting`)),
      (error) => Promise.reject(error),
    );
    ended.catch(() => undefined);
    return { result, report: (name) => Promise.race([reports.next(name), ended]) };
  }

  signal(name, data) {
    if (this.child.connected) this.child.send({ type: 'signal', name, data });
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Progress reports by name, whether they arrive before or after someone waits for them. */
class Reports {
  constructor() {
    this.slots = new Map();
  }

  slot(name) {
    if (!this.slots.has(name)) {
      let resolve;
      const promise = new Promise((done) => (resolve = done));
      this.slots.set(name, { promise, resolve });
    }
    return this.slots.get(name);
  }

  arrived(name, data) {
    this.slot(name).resolve(data);
  }

  next(name) {
    return this.slot(name).promise;
  }
}

module.exports = { ClientProcess };
