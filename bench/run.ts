// `npm run bench` (node --import tsx bench/run.ts): measures the gateway and the word-producer from
// outside, against the real broker, prints one table and writes the same figures to bench/results/.
// See bench/README.md.
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { resolve } from 'node:path';
import { BrokerInspector } from '../test/support/broker-inspector';
import { AMQP_URL } from './broker/amqp-url';
import { figure as growth } from './figures/growth';
import { figure as memory } from './figures/memory';
import { figure as messages } from './figures/messages';
import { figure as pacing } from './figures/pacing';
import { figure as processes } from './figures/processes';
import { figure as relay } from './figures/relay';
import { figure as resume } from './figures/resume';
import { figure as ttfw } from './figures/ttfw';
import { figure as words } from './figures/words';
import { type BenchArgs, type FigureKey, readArgs, USAGE } from './lib/args';
import { ensureBuilt } from './lib/build';
import { ClientProcess } from './lib/client-process';
import type { BenchContext, Figure } from './lib/context';
import { brokerPid } from './lib/cpu-meter';
import { ExternalStack } from './lib/external-stack';
import { LocalStacks, makeLogDir } from './lib/local-stacks';
import { summariseProfiles } from './lib/profiles';
import { defaultResultsPath, gitState, machine, writeCharts, writeResults } from './lib/results-file';
import { type FigureSection, runFigure } from './lib/run-figure';
import { sizesFor } from './lib/sizes';
import { renderTable } from './lib/table';
import { type ProfileSummary, printSummary } from './profile/summarise-cpuprofile';

const FIGURES: Record<FigureKey, Figure> = { ttfw, words, messages, growth, pacing, memory, relay, resume, processes };

/** The context before the clients exist: they are started, and replaced when dead, before each figure. */
type RunState = Omit<BenchContext, 'load' | 'probe'> & { load?: ClientProcess; probe?: ClientProcess };

const startedAt = Date.now();
const progress = (line: string) => console.error(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<number | undefined> {
  const args = readArgs(process.argv.slice(2));
  if (args.help) return void console.log(USAGE);
  if (!args.gatewayUrl) ensureBuilt({ allowBuild: args.build, log: progress });
  const admin = await BrokerInspector.connect(AMQP_URL).catch((error: unknown) => {
    throw new Error(`No RabbitMQ answers (${messageOf(error)}); start one or set AMQP_URL`);
  });
  const logDir = makeLogDir(os.tmpdir(), randomUUID().slice(0, 8));
  const profileDir = args.profileDir && resolve(args.profileDir);
  const stacks = args.gatewayUrl ? new ExternalStack(args.gatewayUrl, args.wordDelayMs) : new LocalStacks({ admin, logDir, profileDir });
  const state: RunState = { sizes: sizesFor(args.smoke), smoke: args.smoke, stacks, admin, brokerPid: brokerPid() };
  const stopEverything = () => cleanUp(state);
  process.once('SIGINT', () => stopEverything().finally(() => process.exit(130)));
  progress(`${args.smoke ? 'smoke' : 'full'} run of ${args.figures.join(', ')}; app logs in ${logDir}`);
  const sections: FigureSection[] = [];
  try {
    for (const key of args.figures) {
      const ctx = withLiveClients(state);
      progress(`${FIGURES[key].label}…`);
      sections.push(await runFigure(ctx, FIGURES[key]));
    }
  } finally {
    await stopEverything();
  }
  const profiles = profileDir ? summariseProfiles(profileDir) : undefined;
  return report(args, sections, profiles, logDir);
}

/** Replaces a client that died (or was killed after a failed job), and gives the figures a context with both. */
function withLiveClients(state: RunState): BenchContext {
  if (!state.load?.alive) state.load = new ClientProcess('load');
  if (!state.probe?.alive) state.probe = new ClientProcess('probe');
  return { ...state, load: state.load, probe: state.probe };
}

async function cleanUp(state: RunState): Promise<void> {
  await Promise.all([state.load?.stop(), state.probe?.stop(), state.stacks.stopAll()]);
  await state.admin
    .deleteQueues(state.stacks.requestsQueues)
    .catch((error: unknown) => progress(`could not delete the requests queues: ${messageOf(error)}`));
  await state.admin.close();
}

function report(args: BenchArgs, sections: FigureSection[], profiles: Record<string, ProfileSummary> | undefined, logDir: string): number {
  const rows = sections.flatMap((section) => section.rows);
  console.log(
    `\n${args.smoke ? 'SMOKE run (tiny sizes: targets shown, not judged)' : 'Benchmark'}, ${new Date(startedAt).toISOString()}\n`,
  );
  console.log(renderTable(rows));
  const failing = sections.filter((section) => section.problems.count > 0);
  for (const section of failing) {
    console.log(`\n${section.key}: ${section.problems.count} correctness error(s), first ones:`);
    for (const problem of section.problems.sample) console.log(`  - ${problem}`);
  }
  for (const summary of Object.values(profiles ?? {})) printSummary(summary);
  const out = args.out ? resolve(args.out) : defaultResultsPath(args.smoke);
  writeResults(out, {
    mode: args.smoke ? 'smoke' : 'full',
    startedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    code: gitState(),
    machine: machine(),
    gatewayUrl: args.gatewayUrl ?? null,
    table: rows,
    figures: Object.fromEntries(sections.map(({ key, seconds, data, problems }) => [key, { seconds, data, problems }])),
    profiles: profiles ?? null,
  });
  const charts = writeCharts(out, Object.assign({}, ...sections.map((section) => section.charts ?? {})) as Record<string, string>);
  if (charts.length > 0) console.log(`\nCharts: ${charts.join(', ')}`);
  console.log(
    `\n${failing.length > 0 ? 'CORRECTNESS ERRORS. ' : ''}Results: ${out}; app logs: ${logDir}; ${Math.round((Date.now() - startedAt) / 1000)} s`,
  );
  return failing.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error) : error);
    process.exit(2);
  },
);
