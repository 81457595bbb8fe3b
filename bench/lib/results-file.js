'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { dirname, join } = require('node:path');
const { ROOT } = require('./build');

const defaultResultsPath = (smoke) => join(ROOT, 'bench', 'results', smoke ? 'smoke.json' : 'latest.json');

/** Which code was measured: the commit, and whether the tree had changes on top of it. */
function gitState() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  return { commit: git('rev-parse', 'HEAD') || null, dirty: Boolean(git('status', '--porcelain', '--', 'apps', 'libs')) };
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function writeResults(path, results) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

module.exports = { defaultResultsPath, gitState, machine, writeResults };
