import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { ROOT } from '../../test/support/app-process';
import type { ProfileSummary } from '../profile/summarise-cpuprofile';
import type { Row } from './context';
import type { Problems } from './problems';

/** Which code was measured: the commit, and whether apps/ or libs/ had changes on top of it. */
export interface GitState {
  commit: string | null;
  dirty: boolean;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string | undefined;
  memoryBytes: number;
  node: string;
  platform: string;
}

/** What bench/results/*.json hold. */
export interface ResultsFile {
  mode: 'smoke' | 'full';
  startedAt: string;
  durationSeconds: number;
  code: GitState;
  machine: MachineInfo;
  gatewayUrl: string | null;
  table: Row[];
  figures: Record<string, { seconds: number; data: Record<string, unknown>; problems: Problems }>;
  profiles: Record<string, ProfileSummary> | null;
}

const defaultResultsPath = (smoke: boolean): string => join(ROOT, 'bench', 'results', smoke ? 'smoke.json' : 'latest.json');

/** Which code was measured: the commit, and whether the tree had changes on top of it. */
function gitState(): GitState {
  // stdout is null when git cannot be run at all.
  const git = (...args: string[]): string | undefined =>
    (spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout as string | null)?.trim();
  return { commit: git('rev-parse', 'HEAD') || null, dirty: Boolean(git('status', '--porcelain', '--', 'apps', 'libs')) };
}

function machine(): MachineInfo {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function writeResults(path: string, results: ResultsFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** Writes each chart next to the results file, as `<results name>-<chart>.svg`; returns their paths. */
function writeCharts(resultsPath: string, charts: Record<string, string>): string[] {
  const stem = join(dirname(resultsPath), basename(resultsPath, extname(resultsPath)));
  return Object.entries(charts).map(([name, svg]) => {
    const path = `${stem}-${name}.svg`;
    writeFileSync(path, svg);
    return path;
  });
}

export { defaultResultsPath, gitState, machine, writeCharts, writeResults };
