import { existsSync } from 'node:fs';
import { bundlePath } from '../../test/support/app-process';
// Plain JS shared with `npm start`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfStale } = require('../../scripts/lib/build-if-stale') as {
  buildIfStale: (app: string, log?: (line: string) => void) => string;
};

const APPS = ['gateway', 'word-producer'];

/**
 * Builds whichever app bundle is missing or older than the sources (with the same helper as
 * `npm start`), so the bench measures the code in the tree; with --no-build, only checks they exist.
 */
export function ensureBuilt({ allowBuild, log }: { allowBuild: boolean; log: (line: string) => void }): void {
  if (allowBuild) {
    for (const app of APPS) buildIfStale(app, log);
    return;
  }
  const missing = APPS.filter((app) => !existsSync(bundlePath(app)));
  if (missing.length > 0) throw new Error(`${missing.map(bundlePath).join(', ')} missing: run npm run build, or drop --no-build`);
}
