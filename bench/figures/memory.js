'use strict';
const { responseQueueName } = require('../broker/amqp-url');
const { openFileLimit } = require('../lib/file-limit');
const { Problems } = require('../lib/problems');
const { format, row } = require('../lib/rows');
const { MIB, settledMemory } = require('../lib/settled-memory');

const TARGET_KIB_PER_STREAM = 16;
/** After the streams end, the heap may keep this share of what they added; RSS may grow by it from one round to the next. */
const BASELINE_TOLERANCE = 0.1;
const SPARE_FILES = 1024;
const JOB_TIMEOUT_MS = 300_000;

/**
 * Figure 5: the gateway's memory per open idle stream. No worker runs, so streams stay open and
 * silent. Memory is read once settled, each reading after a full GC, at three points: with the
 * messages posted but no stream open (baseline), with every stream open and consumed, and after
 * the clients hung up and the reply queues were deleted. RSS comes from /proc/<pid>/status.
 * A second round does it all again: the C allocator keeps some freed memory for reuse rather than
 * give it back, so RSS is judged by not growing from one round to the next.
 */
async function measureMemory(ctx) {
  const size = ctx.sizes.memory;
  const gateway = await ctx.stacks.idleGateway({ resumeWindowMs: size.resumeWindowMs });
  const problems = new Problems();
  checkFileLimits(ctx, gateway, size.streams, problems);
  const readings = {};
  if (problems.count === 0) {
    await holdIdleStreams(ctx, gateway, size, readings, problems);
    const second = {};
    await holdIdleStreams(ctx, gateway, size, second, problems);
    readings.secondOpen = second.open;
    readings.secondAfter = second.after;
  }
  return {
    problems,
    data: { streams: size.streams, readings },
    rows: [perStreamRow(ctx, size, readings, problems), rssRow(ctx, readings, problems), heapRow(ctx, readings, problems)],
  };
}

async function holdIdleStreams(ctx, gateway, size, readings, problems) {
  const job = ctx.load.start('idleStreams', { baseUrl: gateway.baseUrl, ...size }, { timeoutMs: JOB_TIMEOUT_MS });
  let queues = [];
  try {
    queues = (await job.report('posted')).messageIds.map(responseQueueName);
    readings.baseline = await settledMemory(gateway, size.settle);
    ctx.load.signal('open');
    const { opened } = await job.report('opened');
    readings.open = { ...(await settledMemory(gateway, size.settle)), streams: opened };
    // Checked after the reading, so that these broker round trips do not run while memory is read.
    await checkEveryQueueConsumed(ctx, queues, problems);
    ctx.load.signal('close');
  } catch (error) {
    ctx.load.signal('abandon');
    throw error;
  } finally {
    problems.addLog((await job.result.catch(() => undefined))?.errors);
    await ctx.admin.deleteQueues(queues);
  }
  for (const queue of await ctx.admin.present(queues)) problems.add(`${queue} still exists after it was deleted`);
  await new Promise((resolve) => setTimeout(resolve, size.resumeWindowMs));
  readings.after = await settledMemory(gateway, size.settle);
}

function checkFileLimits(ctx, gateway, streams, problems) {
  for (const [name, pid] of [
    ['gateway', gateway.process.pid],
    ['load client', ctx.load.pid],
  ]) {
    const limit = openFileLimit(pid);
    if (limit < streams + SPARE_FILES)
      problems.add(
        `the ${name} may open only ${limit} files; ${streams} streams need ${streams + SPARE_FILES} (raise the hard limit: ulimit -Hn)`,
      );
  }
}

async function checkEveryQueueConsumed(ctx, queues, problems) {
  const states = await ctx.admin.inspect(queues);
  const unconsumed = states.filter((state) => state?.consumerCount !== 1).length;
  if (unconsumed > 0)
    problems.add(`${unconsumed} of ${states.length} reply queues did not have exactly one consumer while their streams were open`);
}

function perStreamRow(ctx, size, { baseline, open }, problems) {
  const perStream = (key) => (baseline && open ? (open[key] - baseline[key]) / open.streams / 1024 : undefined);
  return row({
    figure: '5',
    name: `gateway RSS per open idle stream (${size.streams} streams)`,
    value: perStream('rssBytes'),
    text: `${format(perStream('rssBytes'))} KiB (V8 heap used ${format(perStream('heapUsedBytes'))} KiB)`,
    target: `<= ${TARGET_KIB_PER_STREAM} KiB`,
    pass: perStream('rssBytes') <= TARGET_KIB_PER_STREAM,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

const share = (part, whole) => part / Math.max(1, whole);
const mib = (...readings) => readings.map((reading) => format(reading / MIB)).join(' / ');

/** RSS as the OS sees it, over both rounds: what the second round adds to the first one's remainder. */
function rssRow(ctx, { baseline, open, after, secondOpen, secondAfter }, problems) {
  const ready = baseline && open && after && secondOpen && secondAfter;
  const key = 'rssBytes';
  const growth = ready ? open[key] - baseline[key] : 0;
  const added = ready ? share(secondAfter[key] - after[key], growth) : undefined;
  return row({
    figure: '5',
    name: 'gateway RSS before / open / after, then a 2nd round open / after (MiB)',
    value: ready ? secondAfter[key] / MIB : undefined,
    text: ready
      ? `${mib(baseline[key], open[key], after[key], secondOpen[key], secondAfter[key])} (1st round keeps ${Math.round(share(after[key] - baseline[key], growth) * 100)}%, 2nd adds ${Math.round(added * 100)}% of the growth)`
      : 'n/a',
    target: `2nd round adds <= ${BASELINE_TOLERANCE * 100}%`,
    pass: added <= BASELINE_TOLERANCE,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

/** The V8 heap tells a leak from memory the allocator keeps: it must come back to its baseline. */
function heapRow(ctx, { baseline, open, after }, problems) {
  const ready = baseline && open && after;
  const key = 'heapUsedBytes';
  const kept = ready ? share(after[key] - baseline[key], open[key] - baseline[key]) : undefined;
  return row({
    figure: '5',
    name: 'gateway V8 heap used before / open / after (MiB)',
    value: ready ? after[key] / MIB : undefined,
    text: ready ? `${mib(baseline[key], open[key], after[key])} (after keeps ${Math.round(kept * 100)}% of the growth)` : 'n/a',
    target: `after <= ${BASELINE_TOLERANCE * 100}% of growth`,
    pass: kept <= BASELINE_TOLERANCE,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

module.exports = { key: 'memory', figure: '5', label: 'memory per idle stream', run: measureMemory };
