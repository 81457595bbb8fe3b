#!/usr/bin/env node
'use strict';
// `npm run bench`: measures the gateway and the word-producer from outside, against the real broker,
// prints one table and writes the same figures to bench/results/. See bench/README.md.
const { randomUUID } = require('node:crypto');
const os = require('node:os');
const { resolve } = require('node:path');
const { BrokerAdmin } = require('./broker/broker-admin');
const { readArgs, USAGE } = require('./lib/args');
const { ensureBuilt } = require('./lib/build');
const { ClientProcess } = require('./lib/client-process');
const { brokerPid } = require('./lib/cpu-meter');
const { ExternalStack } = require('./lib/external-stack');
const { LocalStacks, makeLogDir } = require('./lib/local-stacks');
const { summariseProfiles } = require('./lib/profiles');
const { defaultResultsPath, gitState, machine, writeResults } = require('./lib/results-file');
const { runFigure } = require('./lib/run-figure');
const { sizesFor } = require('./lib/sizes');
const { renderTable } = require('./lib/table');
const { printSummary } = require('./profile/summarise-cpuprofile');

const FIGURES = Object.fromEntries(
  ['ttfw', 'words', 'messages', 'growth', 'pacing', 'memory', 'relay', 'resume'].map((key) => [key, require(`./figures/${key}`)]),
);

const startedAt = Date.now();
const progress = (line) => console.error(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);

async function main() {
  const args = readArgs(process.argv.slice(2));
  if (args.help) return void console.log(USAGE);
  if (!args.gatewayUrl) ensureBuilt({ allowBuild: args.build, log: progress });
  const admin = await BrokerAdmin.connect().catch((error) => {
    throw new Error(`No RabbitMQ answers (${error.message}); start one or set AMQP_URL`);
  });
  const logDir = makeLogDir(os.tmpdir(), randomUUID().slice(0, 8));
  const profileDir = args.profileDir && resolve(args.profileDir);
  const stacks = args.gatewayUrl ? new ExternalStack(args.gatewayUrl, args.wordDelayMs) : new LocalStacks({ admin, logDir, profileDir });
  const ctx = { sizes: sizesFor(args.smoke), smoke: args.smoke, stacks, admin, brokerPid: brokerPid(), load: undefined, probe: undefined };
  const stopEverything = () => cleanUp(ctx);
  process.once('SIGINT', () => stopEverything().finally(() => process.exit(130)));
  progress(`${args.smoke ? 'smoke' : 'full'} run of ${args.figures.join(', ')}; app logs in ${logDir}`);
  const sections = [];
  try {
    for (const key of args.figures) {
      replaceDeadClients(ctx);
      progress(`${FIGURES[key].label}…`);
      sections.push(await runFigure(ctx, FIGURES[key]));
    }
  } finally {
    await stopEverything();
  }
  const profiles = profileDir ? summariseProfiles(profileDir) : undefined;
  return report(args, sections, profiles, logDir);
}

function replaceDeadClients(ctx) {
  if (!ctx.load?.alive) ctx.load = new ClientProcess('load');
  if (!ctx.probe?.alive) ctx.probe = new ClientProcess('probe');
}

async function cleanUp(ctx) {
  await Promise.all([ctx.load?.stop(), ctx.probe?.stop(), ctx.stacks.stopAll()]);
  await ctx.admin
    .deleteQueues(ctx.stacks.requestsQueues)
    .catch((error) => progress(`could not delete the requests queues: ${error.message}`));
  await ctx.admin.close();
}

function report(args, sections, profiles, logDir) {
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
  console.log(
    `\n${failing.length > 0 ? 'CORRECTNESS ERRORS. ' : ''}Results: ${out}; app logs: ${logDir}; ${Math.round((Date.now() - startedAt) / 1000)} s`,
  );
  return failing.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code ?? 0),
  (error) => {
    console.error(error.stack ?? error);
    process.exit(2);
  },
);
