// Rebuilds an app's bundle when any TypeScript source is newer than it. Shared by `npm start` and the
// tests that run the apps as real processes.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundlePath(app) {
  return join(ROOT, 'dist', 'apps', app, 'main.js');
}

/** Returns the bundle's path, building it first if needed; throws if the build fails. */
function buildIfStale(app, log = console.log) {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  const bundle = bundlePath(app);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return bundle;
  log(`Building ${app}…`);
  const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`Building ${app} failed`);
  // webpack leaves an unchanged bundle unwritten, which would look stale forever.
  const now = new Date();
  utimesSync(bundle, now, now);
  return bundle;
}

module.exports = { buildIfStale, bundlePath, ROOT };
