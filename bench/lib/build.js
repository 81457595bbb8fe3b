'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const APPS = ['gateway', 'word-producer'];

const bundlePath = (app) => join(ROOT, 'dist', 'apps', app, 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(app) {
  if (!existsSync(bundlePath(app))) return true;
  const sources = Math.max(newestSource(join(ROOT, 'apps', app, 'src')), newestSource(join(ROOT, 'libs')));
  return statSync(bundlePath(app)).mtimeMs < sources;
}

/** Builds whichever app bundle is missing or older than its sources, so the bench measures the code in the tree. */
function ensureBuilt({ allowBuild, log }) {
  for (const app of APPS) {
    if (!isStale(app)) continue;
    if (!allowBuild) {
      if (existsSync(bundlePath(app))) {
        log(`dist/apps/${app} is older than its sources; measuring it anyway (--no-build)`);
        continue;
      }
      throw new Error(`dist/apps/${app}/main.js is missing; run npm run build or drop --no-build`);
    }
    log(`Building ${app}…`);
    const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [ROOT] });
    const build = spawnSync(process.execPath, [nest, 'build', app], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error(`nest build ${app} failed (exit ${build.status})`);
  }
}

module.exports = { ensureBuilt, bundlePath, ROOT };
