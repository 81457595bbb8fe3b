'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const APPS = ['gateway', 'word-producer'];

const bundlePath = (app) => join(ROOT, 'dist', 'apps', app, 'main.js');

/**
 * Builds whichever app bundle is missing or older than the sources (with the same helper as
 * `npm start`), so the bench measures the code in the tree; with --no-build, only checks they exist.
 */
function ensureBuilt({ allowBuild, log }) {
  if (allowBuild) {
    const { buildIfStale } = require(join(ROOT, 'scripts', 'lib', 'build-if-stale.js'));
    for (const app of APPS) buildIfStale(app, log);
    return;
  }
  const missing = APPS.filter((app) => !existsSync(bundlePath(app)));
  if (missing.length > 0) throw new Error(`${missing.map(bundlePath).join(', ')} missing: run npm run build, or drop --no-build`);
}

module.exports = { ensureBuilt, bundlePath, ROOT };
