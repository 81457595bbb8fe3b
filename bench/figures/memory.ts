import { replyQueueName } from '@app/contracts';
import type { BenchContext, Figure, MeasuredGateway, MemoryReading, Row, Section } from '../lib/context';
import { brokerMemory } from '../broker/broker-memory';
import { type KernelCounters, kernelCounters, kernelCountersSince } from '../lib/kernel-counters';
import { openFileLimit } from '../lib/open-file-limit';
import { Problems } from '../lib/problems';
import { format, row } from '../lib/rows';
import { MIB, type SettledMemory, settledMemory } from '../lib/settled-memory';
import type { MemorySize } from '../lib/sizes';

const TARGET_KIB_PER_STREAM = 16;
/** After the streams end, the heap may keep this share of what they added; RSS may grow by it from one round to the next. */
const BASELINE_TOLERANCE = 0.1;
const SPARE_FILES = 1024;
const JOB_TIMEOUT_MS = 300_000;

/** A reading with every stream open, and how many were. */
interface OpenReading extends SettledMemory {
  streams: number;
}

/** The broker's memory in bytes: before the messages, with their reply queues declared, and with every stream open. */
interface BrokerReadings {
  before?: number;
  declared?: number;
  open?: number;
}

/** One round's readings, each there once taken. */
interface RoundReadings {
  baseline?: SettledMemory;
  open?: OpenReading;
  /** RSS as an operator sees it with every stream open: read before any forced GC. */
  rssWithoutGc?: { open: number; streams: number };
  after?: SettledMemory;
  broker?: BrokerReadings;
  /** What the machine's kernel counted while the streams were open (all of its connections, not only these). */
  kernel?: KernelCounters;
}

/** The first round's readings, and the second round's open, after and kernel counters. */
interface Readings extends RoundReadings {
  secondOpen?: OpenReading;
  secondAfter?: SettledMemory;
  secondKernel?: KernelCounters;
}

/**
 * Figure 5: the gateway's memory per open idle stream. No worker runs, so streams stay open and
 * silent. Memory is read once settled, each reading after a full GC, at three points: with the
 * messages posted but no stream open (baseline), with every stream open and consumed, and after
 * the clients hung up and the reply queues were deleted. RSS comes from /proc/<pid>/status.
 * A second round does it all again: the C allocator keeps some freed memory for reuse rather than
 * give it back, so RSS is judged by not growing from one round to the next.
 */
async function measureMemory(ctx: BenchContext): Promise<Section> {
  const size = ctx.sizes.memory;
  const gateway = await ctx.stacks.idleGateway({ resumeWindowMs: size.resumeWindowMs });
  const problems = new Problems();
  checkFileLimits(ctx, gateway, size.streams, problems);
  const readings: Readings = {};
  if (problems.count === 0) {
    readings.broker = {};
    await holdIdleStreams(ctx, gateway, size, readings, problems);
    const second: RoundReadings = {};
    await holdIdleStreams(ctx, gateway, size, second, problems);
    readings.secondOpen = second.open;
    readings.secondAfter = second.after;
    readings.secondKernel = second.kernel;
  }
  return {
    problems,
    data: { streams: size.streams, readings },
    rows: [
      perStreamRow(ctx, size, readings, problems),
      withoutGcRow(ctx, readings, problems),
      rssRow(ctx, readings, problems),
      heapRow(ctx, readings, problems),
      brokerRow(ctx, readings, problems),
    ],
  };
}

async function holdIdleStreams(
  ctx: BenchContext,
  gateway: MeasuredGateway,
  size: MemorySize,
  readings: RoundReadings,
  problems: Problems,
): Promise<void> {
  const broker = readings.broker;
  if (broker) broker.before = await brokerMemory();
  const job = ctx.load.start('idleStreams', { baseUrl: gateway.baseUrl, ...size }, { timeoutMs: JOB_TIMEOUT_MS });
  let queues: string[] = [];
  let kernelBefore: KernelCounters | undefined;
  try {
    queues = (await job.report('posted')).messageIds.map(replyQueueName);
    readings.baseline = await settledMemory(gateway, size.settle);
    if (broker) broker.declared = await brokerMemory();
    kernelBefore = kernelCounters();
    ctx.load.signal('open');
    const { opened } = await job.report('opened');
    readings.rssWithoutGc = { open: gateway.process.rssBytes(), streams: opened };
    readings.open = { ...(await settledMemory(gateway, size.settle)), streams: opened };
    if (broker) broker.open = await brokerMemory();
    // Checked after the reading, so that these broker round trips do not run while memory is read.
    await checkEveryQueueConsumed(ctx, queues, problems);
    ctx.load.signal('close');
  } catch (error) {
    ctx.load.signal('abandon');
    throw error;
  } finally {
    const errors = (await job.result.catch(() => undefined))?.errors;
    problems.addLog(errors);
    readings.kernel = kernelCountersSince(kernelBefore);
    if (errors?.count) explainKernelAborts(readings.kernel, problems);
    await ctx.admin.deleteQueues(queues);
  }
  for (const queue of await ctx.admin.present(queues)) problems.add(`${queue} still exists after it was deleted`);
  await new Promise((resolve) => setTimeout(resolve, size.resumeWindowMs));
  readings.after = await settledMemory(gateway, size.settle);
}

function checkFileLimits(ctx: BenchContext, gateway: MeasuredGateway, streams: number, problems: Problems): void {
  for (const [name, pid] of [
    ['gateway', gateway.process.pid],
    ['load client', ctx.load.pid],
  ] as const) {
    if (pid === undefined) throw new Error(`the ${name} has no process id`);
    const limit = openFileLimit(pid);
    if (limit < streams + SPARE_FILES)
      problems.add(
        `the ${name} may open only ${limit} files; ${streams} streams need ${streams + SPARE_FILES} (raise the hard limit: ulimit -Hn)`,
      );
  }
}

/**
 * A stream that ends with `read ETIMEDOUT` was aborted by the client's own kernel, not by the gateway:
 * its keep-alive probes (or retransmissions) went unanswered. On one machine that means the packets
 * were dropped, most often by a CPU's input queue being full (net.core.netdev_max_backlog). The
 * counters are the whole machine's, so they explain the job's errors rather than count as more.
 */
function explainKernelAborts(kernel: KernelCounters | undefined, problems: Problems): void {
  if (!kernel || kernel.abortsOnTimeout === 0) return;
  problems.explain(
    `the kernel aborted ${kernel.abortsOnTimeout} connections on a timeout while the streams were open ` +
      `(TcpExt TCPAbortOnTimeout; ${kernel.keepAliveProbes} keep-alive probes sent, ${kernel.backlogDrops} packets dropped ` +
      `with net.core.netdev_max_backlog full, from /proc/net/softnet_stat)`,
  );
}

async function checkEveryQueueConsumed(ctx: BenchContext, queues: string[], problems: Problems): Promise<void> {
  const states = await ctx.admin.inspect(queues);
  const unconsumed = states.filter((state) => state?.consumerCount !== 1).length;
  if (unconsumed > 0)
    problems.add(`${unconsumed} of ${states.length} reply queues did not have exactly one consumer while their streams were open`);
}

function perStreamRow(ctx: BenchContext, size: MemorySize, { baseline, open }: Readings, problems: Problems): Row {
  const perStream = (key: keyof MemoryReading): number | undefined =>
    baseline && open ? (open[key] - baseline[key]) / open.streams / 1024 : undefined;
  const rssPerStream = perStream('rssBytes');
  return row({
    figure: '5',
    name: `gateway RSS per open idle stream (${size.streams} streams)`,
    value: rssPerStream,
    text: `${format(rssPerStream)} KiB (V8 heap used ${format(perStream('heapUsedBytes'))} KiB)`,
    target: `<= ${TARGET_KIB_PER_STREAM} KiB`,
    pass: rssPerStream !== undefined && rssPerStream <= TARGET_KIB_PER_STREAM,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

/**
 * The same per stream as an operator's `ps` shows it with the streams open (no GC forced before that
 * reading), against the settled baseline: what the streams cost, garbage not yet collected included.
 */
function withoutGcRow(ctx: BenchContext, { rssWithoutGc, baseline }: Readings, problems: Problems): Row {
  const perStream = rssWithoutGc && baseline ? (rssWithoutGc.open - baseline.rssBytes) / rssWithoutGc.streams / 1024 : undefined;
  return row({
    figure: '5',
    name: '  the same without a forced GC (RSS as ps shows it)',
    value: perStream,
    text: `${format(perStream)} KiB`,
    target: `<= ${TARGET_KIB_PER_STREAM} KiB`,
    pass: perStream !== undefined && perStream <= TARGET_KIB_PER_STREAM,
    errors: problems.count,
    smoke: ctx.smoke,
  });
}

const share = (part: number, whole: number): number => part / Math.max(1, whole);
const mib = (...readings: number[]): string => readings.map((reading) => format(reading / MIB)).join(' / ');

/** RSS as the OS sees it, over both rounds: what the second round adds to the first one's remainder. */
function rssRow(ctx: BenchContext, { baseline, open, after, secondOpen, secondAfter }: Readings, problems: Problems): Row {
  const key = 'rssBytes';
  const common = {
    figure: '5',
    name: 'gateway RSS before / open / after, then a 2nd round open / after (MiB)',
    target: `2nd round adds <= ${BASELINE_TOLERANCE * 100}%`,
    errors: problems.count,
    smoke: ctx.smoke,
  };
  if (!(baseline && open && after && secondOpen && secondAfter)) return row({ ...common, value: undefined, text: 'n/a', pass: false });
  const growth = open[key] - baseline[key];
  const added = share(secondAfter[key] - after[key], growth);
  return row({
    ...common,
    value: secondAfter[key] / MIB,
    text: `${mib(baseline[key], open[key], after[key], secondOpen[key], secondAfter[key])} (1st round keeps ${Math.round(share(after[key] - baseline[key], growth) * 100)}%, 2nd adds ${Math.round(added * 100)}% of the growth)`,
    pass: added <= BASELINE_TOLERANCE,
  });
}

/** The V8 heap tells a leak from memory the allocator keeps: it must come back to its baseline. */
function heapRow(ctx: BenchContext, { baseline, open, after }: Readings, problems: Problems): Row {
  const key = 'heapUsedBytes';
  const common = {
    figure: '5',
    name: 'gateway V8 heap used before / open / after (MiB)',
    target: `after <= ${BASELINE_TOLERANCE * 100}% of growth`,
    errors: problems.count,
    smoke: ctx.smoke,
  };
  if (!(baseline && open && after)) return row({ ...common, value: undefined, text: 'n/a', pass: false });
  const kept = share(after[key] - baseline[key], open[key] - baseline[key]);
  return row({
    ...common,
    value: after[key] / MIB,
    text: `${mib(baseline[key], open[key], after[key])} (after keeps ${Math.round(kept * 100)}% of the growth)`,
    pass: kept <= BASELINE_TOLERANCE,
  });
}

/**
 * What an open stream costs the broker: its reply queue (declared by the POST) and the relay's
 * consumer of it (the GET), from the broker's own memory after a GC of every Erlang process.
 */
function brokerRow(ctx: BenchContext, { broker, open }: Readings, problems: Problems): Row {
  const common = {
    figure: '5',
    name: 'broker memory per open idle stream: its reply queue + its consumer',
    errors: problems.count,
    smoke: ctx.smoke,
  };
  const { before, declared, open: opened } = broker ?? {};
  if (before === undefined || declared === undefined || opened === undefined || !open)
    return row({ ...common, value: undefined, text: 'n/a (rabbitmqctl cannot reach the broker)' });
  const perStream = (opened - before) / open.streams / 1024;
  return row({
    ...common,
    value: perStream,
    unit: 'KiB',
    text: `${format(perStream)} KiB = ${format((declared - before) / open.streams / 1024)} + ${format((opened - declared) / open.streams / 1024)} KiB`,
  });
}

export const figure: Figure = { key: 'memory', figure: '5', label: 'memory per idle stream', run: measureMemory };
