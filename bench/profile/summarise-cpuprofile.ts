// Summarises a .cpuprofile (node --cpu-prof): the functions and the packages with the most self time.
// Usage: node --import tsx bench/profile/summarise-cpuprofile.ts FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';
import type { Profiler, Runtime } from 'node:inspector';

const IDLE = '(idle)';

/** A .cpuprofile as node --cpu-prof writes it: always with its samples and their time deltas (µs). */
type CpuProfile = Profiler.Profile & Required<Pick<Profiler.Profile, 'samples' | 'timeDeltas'>>;

/** A function or an area, with its self time in ms and in % of the busy (not idle) time. */
export interface RankedSelfTime {
  name: string;
  selfMs: number;
  busyPercent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  busyMs: number;
  functions: RankedSelfTime[];
  areas: RankedSelfTime[];
}

/** Self time per function and per area (package, node core, app bundle), in ms and % of busy time. */
function summariseProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    // A sample stands for the interval until the next one.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    selfMs.set(id, (selfMs.get(id) ?? 0) + micros / 1000);
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const node = nodes.get(id);
    if (!node) throw new Error(`${path}: a sample of node ${id}, which the profile does not have`);
    const { callFrame } = node;
    totalMs += ms;
    if (callFrame.functionName === IDLE) idleMs += ms;
    const name = `${callFrame.functionName || '(anonymous)'}  ${where(callFrame)}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const area = areaOf(callFrame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  const ranked = (map: Map<string, number>): RankedSelfTime[] =>
    [...map]
      .filter(([name]) => !name.startsWith(IDLE) && name !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, selfMs: round(ms), busyPercent: round((ms / busyMs) * 100) }));
  return { file: path, totalMs: round(totalMs), busyMs: round(busyMs), functions: ranked(functions), areas: ranked(areas) };
}

function where({ url, lineNumber }: Runtime.CallFrame): string {
  if (!url) return '';
  const short = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/(dist|bench)\//, '$1/');
  return `${short}:${lineNumber + 1}`;
}

function areaOf({ functionName, url }: Runtime.CallFrame): string {
  if (functionName === IDLE) return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 and native (program)';
  if (url.includes('/node_modules/')) {
    const [first, second] = (url.split('/node_modules/').pop() ?? '').split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return `node core: ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  if (url.includes('/dist/apps/')) return 'app bundle (dist/apps)';
  return url ? url : 'native or builtin';
}

const round = (value: number): number => Math.round(value * 10) / 10;

function printSummary(summary: ProfileSummary, log: (line: string) => void = console.log): void {
  log(`\n${summary.file}: ${summary.busyMs} ms busy of ${summary.totalMs} ms profiled`);
  log('  self time by area:');
  for (const area of summary.areas)
    log(`    ${String(area.busyPercent).padStart(5)}%  ${String(area.selfMs).padStart(8)} ms  ${area.name}`);
  log('  top functions by self time:');
  for (const fn of summary.functions) log(`    ${String(fn.busyPercent).padStart(5)}%  ${String(fn.selfMs).padStart(8)} ms  ${fn.name}`);
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: node --import tsx bench/profile/summarise-cpuprofile.ts FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  printSummary(summariseProfile(file, Number(top) || 25));
}

export { summariseProfile, printSummary };
