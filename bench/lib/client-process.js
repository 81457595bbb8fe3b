'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { withRaisedFileLimit } = require('./file-limit');

const CLIENT_MAIN = join(__dirname, '..', 'client', 'main.js');

/** A load-client process (bench/client/main.js) and the jobs it runs for us. */
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

  /**
   * Runs a job; `onReport(name, data)` hears its progress reports. Rejects if the job fails or takes
   * longer than `timeoutMs`, and then the client is killed: it cannot be trusted with another job.
   */
  run(job, params, { timeoutMs, onReport = () => undefined }) {
    const id = ++this.jobs;
    return new Promise((resolve, reject) => {
      const finish = (settle, value) => {
        clearTimeout(timer);
        this.child.off('message', listen);
        this.child.off('exit', onExit);
        settle(value);
      };
      const listen = (message) => {
        if (message.id !== id) return;
        if (message.type === 'report') onReport(message.name, message.data);
        else if (message.type === 'result') finish(resolve, message.result);
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

module.exports = { ClientProcess };
