'use strict';
const { responseQueueName } = require('../broker/amqp-url');
const { openFileLimit } = require('../lib/file-limit');
const { Problems } = require('../lib/problems');
const { format, row } = require('../lib/rows');

const TARGET_KIB_PER_STREAM = 16;
/** After the streams end, RSS may keep this share of what they added: freed heap is not always returned to the OS at once. */
const BASELINE_TOLERANCE = 0.1;
const SPARE_FILES = 1024;
const MIB = 1024 * 1024;

/**
 * Figure 5: the gateway's memory per open idle stream. No worker runs, so streams stay open and
 * silent. RSS (from /proc) is read after a full GC at three points: with the messages posted but no
 * stream open (baseline), with every stream open and consumed, and after the clients hung up and the
 * reply queues were deleted.
 */
async function measureMemory(ctx) {
  const size = ctx.sizes.memory;
  const gateway = await ctx.stacks.idleGateway({ resumeWindowMs: size.resumeWindowMs });
  const problems = new Problems();
  checkFileLimits(ctx, gateway, size.streams, problems);
  if (problems.count > 0) return { problems, data: {}, rows: [memoryRow(ctx, size, {}, problems)] };
  const readings = {};
  let steps = Promise.resolve();
  const job = ctx.load.run('idleStreams', { baseUrl: gateway.baseUrl, ...size }, {
    timeoutMs: 600_000,
    onReport: (name, data) => {
      if (name === 'posted') readings.queues = data.messageIds.map(responseQueueName);
      if (name === 'posted') steps = steps.then(() => afterPosting(ctx, gateway, size, readings));
      if (name === 'opened') steps = steps.then(() => afterOpening(ctx, gateway, size, data, readings, problems));
    },
  });
  const result = await job;
  await steps;
  problems.addLog(result.errors);
  await afterClosing(ctx, gateway, size, readings, problems);
  const { queues, ...memory } = readings;
  return {
    problems,
    data: { streams: size.streams, opened: result.opened, readings: memory },
    rows: [memoryRow(ctx, size, readings, problems), baselineRow(ctx, readings, problems)],
  };
}

function checkFileLimits(ctx, gateway, streams, problems) {
  for (const [name, pid] of [['gateway', gateway.process.pid], ['load client', ctx.load.pid]]) {
    const limit = openFileLimit(pid);
    if (limit < streams + SPARE_FILES) problems.add(`the ${name} may open only ${limit} files; ${streams} streams need ${streams + SPARE_FILES} (raise the hard limit: ulimit -Hn)`);
  }
}

async function afterPosting(ctx, gateway, size, readings) {
  await settle(size.settleMs);
  readings.baseline = await gateway.memoryAfterGc();
  ctx.load.signal('open');
}

async function afterOpening(ctx, gateway, size, { opened }, readings, problems) {
  await settle(size.settleMs);
  readings.open = { ...(await gateway.memoryAfterGc()), streams: opened };
  // Checked after the reading, so that these broker round trips do not run while memory is read.
  const states = await ctx.admin.inspect(readings.queues);
  const unconsumed = states.filter((state) => state?.consumerCount !== 1).length;
  if (unconsumed > 0) problems.add(`${unconsumed} of ${states.length} reply queues had no single consumer while their streams were open`);
  ctx.load.signal('close');
}

async function afterClosing(ctx, gateway, size, readings, problems) {
  await ctx.admin.deleteQueues(readings.queues);
  const left = await ctx.admin.present(readings.queues);
  for (const queue of left) problems.add(`${queue} still exists after it was deleted`);
  await settle(size.resumeWindowMs + size.settleMs);
  readings.after = await gateway.memoryAfterGc();
}

function memoryRow(ctx, size, { baseline, open }, problems) {
  const perStream = baseline && open ? (open.rssBytes - baseline.rssBytes) / open.streams / 1024 : undefined;
  const heapPerStream = baseline && open ? (open.heapUsedBytes - baseline.heapUsedBytes) / open.streams / 1024 : undefined;
  return row({
    figure: '5',
    name: `gateway RSS per open idle stream (${size.streams} streams)`,
    value: perStream,
    text: `${format(perStream)} KiB (V8 heap ${format(heapPerStream)} KiB)`,
    target: `<= ${TARGET_KIB_PER_STREAM} KiB`,
    pass: perStream <= TARGET_KIB_PER_STREAM,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

function baselineRow(ctx, { baseline, open, after }, problems) {
  const mib = (reading) => format(reading.rssBytes / MIB);
  const ready = baseline && open && after;
  const kept = ready ? (after.rssBytes - baseline.rssBytes) / Math.max(1, open.rssBytes - baseline.rssBytes) : undefined;
  return row({
    figure: '5',
    name: 'gateway RSS before / open / after they ended',
    value: ready ? after.rssBytes / MIB : undefined,
    text: ready ? `${mib(baseline)} / ${mib(open)} / ${mib(after)} MiB (heap ${format(baseline.heapUsedBytes / MIB)} / ${format(open.heapUsedBytes / MIB)} / ${format(after.heapUsedBytes / MIB)})` : 'n/a',
    target: `after keeps <= ${BASELINE_TOLERANCE * 100}% of the growth`,
    pass: kept <= BASELINE_TOLERANCE,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { key: 'memory', figure: '5', label: 'memory per idle stream', run: measureMemory };
