'use strict';
// The load client: its own process, driven over IPC by bench/run.js, one job at a time.
const { runRawLifecycles } = require('../broker/raw-lifecycles');
const { runRawStreams } = require('../broker/raw-streams');
const { runRawWords } = require('../broker/raw-words');
const { runClosedLoop } = require('./closed-loop');
const { runIdleStreams } = require('./idle-streams');
const { JobControl } = require('./job-control');
const { runKeptAnswers } = require('./kept-answers');
const { runProbeArrivals } = require('./probe-arrivals');
const { runProbes } = require('./probes');
const { runRamp } = require('./ramp');
const { runRelayLatency } = require('./relay-latency');
const { runStalledReaders } = require('./stalled-readers');

const JOBS = {
  closedLoop: runClosedLoop,
  idleStreams: runIdleStreams,
  keptAnswers: runKeptAnswers,
  probeArrivals: runProbeArrivals,
  probes: runProbes,
  ramp: runRamp,
  rawLifecycles: runRawLifecycles,
  rawStreams: runRawStreams,
  rawWords: runRawWords,
  relayLatency: runRelayLatency,
  stalledReaders: runStalledReaders,
};

let current;

process.on('message', (message) => {
  if (message.type === 'signal') return void current?.signal(message.name, message.data);
  if (message.type === 'run') void run(message);
});
process.on('disconnect', () => process.exit(0));

async function run({ id, job, params }) {
  current = new JobControl(id);
  try {
    const result = await JOBS[job](params, current);
    process.send({ type: 'result', id, result: JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    process.send({ type: 'failed', id, error: error.stack ?? String(error) });
  }
}
