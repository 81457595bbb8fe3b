'use strict';
const { spawn } = require('node:child_process');
const { openSync, closeSync, readFileSync } = require('node:fs');
const http = require('node:http');
const { bundlePath, ROOT } = require('./build');
const { withRaisedFileLimit } = require('./file-limit');

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** A gateway or word-producer from dist/, run as a child process with its output in a log file. */
class AppProcess {
  constructor(name, app, { env, nodeFlags = [], logFile, ipc = false }) {
    Object.assign(this, { name, app, logFile, stopping: false });
    const log = openSync(logFile, 'a');
    const [command, args] = withRaisedFileLimit(process.execPath, [...nodeFlags, bundlePath(app)]);
    this.child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log, ...(ipc ? ['ipc'] : [])] });
    closeSync(log);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? code)));
  }

  get pid() {
    return this.child.pid;
  }

  /** Whether it died without being asked to, which makes every figure measured on it suspect. */
  get crashed() {
    return !this.stopping && (this.child.exitCode !== null || this.child.signalCode !== null);
  }

  rssBytes() {
    const line = readFileSync(`/proc/${this.pid}/status`, 'utf8')
      .split('\n')
      .find((row) => row.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) * 1024;
  }

  /** Polls GET /health until it answers 200. */
  async waitUntilHealthy(baseUrl) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.crashed) throw new Error(`${this.name} exited at start; see ${this.logFile}`);
      if ((await statusOf(`${baseUrl}/health`)) === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not healthy within ${READY_TIMEOUT_MS} ms; see ${this.logFile}`);
  }

  async stop() {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function statusOf(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.setTimeout(5000, () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

module.exports = { AppProcess };
