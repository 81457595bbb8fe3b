import { replyQueueName } from '@app/contracts';
import type { BrokerInspector, QueueState } from '../../test/support/broker-inspector';
import { AMQP_URL } from '../broker/amqp-url';
import { brokerMemory } from '../broker/broker-memory';
import { type HeldWordsResult, measureHeldWords } from '../broker/held-words';
import type { BenchContext, Figure, GatewayHandle, Row, Section } from '../lib/context';
import { Problems } from '../lib/problems';
import { reportReplyQueuesLeft } from '../lib/reply-queues-left';
import { format, row } from '../lib/rows';
import { MIB, type SettledMemory, settledMemory } from '../lib/settled-memory';
import type { ResumeSize } from '../lib/sizes';
import { FigureSkipped } from '../lib/skip';

const KIB = 1024;
const JOB_TIMEOUT_MS = 300_000;
const POLL_MS = 100;

/** Broker memory in bytes before and while the answers are kept; bytesPerAnswer is NaN if either is unknown. */
interface KeptCost {
  answers: number;
  before: number | undefined;
  keeping: number | undefined;
  bytesPerAnswer: number;
}

/** Gateway memory before and while the clients hold their streams unread, and how many then read theirs whole. */
interface StalledCost {
  clients: number;
  complete: number;
  before: SettledMemory;
  holding: SettledMemory;
  /** RSS while holding, read with no GC forced first. */
  holdingWithoutGc?: number;
}

interface Costs {
  held: HeldWordsResult;
  kept: KeptCost;
  stalled: StalledCost;
}

/**
 * Figure 7: what keeping answers for a resume costs. A relay holds every word of its answer unacked
 * until the answer is done with, and a finished answer is kept (as one transcript in its reply queue)
 * until the client releases it or COMPLETED_RETENTION_MS passes. Measured: the broker's memory per
 * held word (bare client), per kept answer (through the gateway), and the gateway's RSS while
 * clients that never read hold streams of long answers open.
 */
async function measureResumeCosts(ctx: BenchContext): Promise<Section> {
  const stack = await ctx.stacks.withWorker(ctx.sizes.e2eWorker);
  if (!stack.memoryAfterGc) throw new FigureSkipped('needs a gateway the bench starts, to read its memory');
  if ((await brokerMemory()) === undefined)
    throw new FigureSkipped("needs rabbitmqctl to read the broker's memory (as root, or the rabbitmq user)");
  const problems = new Problems();
  const size = ctx.sizes.resume;
  const held = await measureHeldWords({ amqpUrl: AMQP_URL, ...size.heldWords });
  const kept = await measureKeptAnswers(ctx, stack, size.kept, problems);
  const stalled = await measureStalledReaders(ctx, stack, size, problems);
  return { problems, data: { held, kept, stalled }, rows: rows(ctx, size, { held, kept, stalled }, problems) };
}

/** Broker memory before and while `answers` finished answers are kept, unreleased. */
async function measureKeptAnswers(
  ctx: BenchContext,
  stack: GatewayHandle,
  size: ResumeSize['kept'],
  problems: Problems,
): Promise<KeptCost> {
  const before = await brokerMemory();
  const job = ctx.load.start('keptAnswers', { baseUrl: stack.baseUrl, ...size }, { timeoutMs: JOB_TIMEOUT_MS });
  try {
    const { messageIds } = await job.report('kept');
    await until(
      ctx.admin,
      messageIds,
      (state) => state?.messageCount === 1 && state.consumerCount === 0,
      problems,
      'kept as one transcript',
    );
    const keeping = await brokerMemory();
    ctx.load.signal('release');
    problems.addLog((await job.result).errors);
    await reportReplyQueuesLeft(ctx.admin, messageIds, problems);
    const bytesPerAnswer = keeping !== undefined && before !== undefined ? (keeping - before) / Math.max(1, messageIds.length) : NaN;
    return { answers: messageIds.length, before, keeping, bytesPerAnswer };
  } catch (error) {
    ctx.load.signal('abandon');
    throw error;
  }
}

/** Gateway RSS before and while `clients` clients that read nothing have streams of long answers open. */
async function measureStalledReaders(
  ctx: BenchContext,
  stack: GatewayHandle,
  { stalled, settle }: ResumeSize,
  problems: Problems,
): Promise<StalledCost> {
  const before = await settledMemory(stack, settle);
  const job = ctx.load.start('stalledReaders', { baseUrl: stack.baseUrl, ...stalled }, { timeoutMs: JOB_TIMEOUT_MS });
  try {
    const { messageIds } = await job.report('opened');
    // Every relay has either written its whole answer into the socket buffers or stopped consuming.
    await until(ctx.admin, messageIds, (state) => state?.consumerCount === 0, problems, 'relays to stop consuming');
    const holdingWithoutGc = stack.rssNow?.();
    const holding = await settledMemory(stack, settle);
    ctx.load.signal('read');
    const result = await job.result;
    problems.addLog(result.errors);
    await reportReplyQueuesLeft(ctx.admin, messageIds, problems);
    return { clients: result.clients, complete: result.complete, before, holding, holdingWithoutGc };
  } catch (error) {
    ctx.load.signal('abandon');
    throw error;
  }
}

/** Polls the reply queues of `messageIds` until every state passes `ready`; a problem after a minute. */
async function until(
  admin: BrokerInspector,
  messageIds: string[],
  ready: (state: QueueState | null) => boolean,
  problems: Problems,
  what: string,
): Promise<void> {
  const queues = messageIds.map(replyQueueName);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = await admin.inspect(queues);
    const waiting = states.filter((state) => !ready(state)).length;
    if (waiting === 0) return;
    if (Date.now() > deadline) return problems.add(`${waiting} of ${queues.length} answers not ${what} after a minute`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function rows(ctx: BenchContext, size: ResumeSize, { held, kept, stalled }: Costs, problems: Problems): Row[] {
  const { queues, words } = size.heldWords;
  const perClient = (stalled.holding.rssBytes - stalled.before.rssBytes) / Math.max(1, stalled.clients) / KIB;
  // As `ps` shows it while they hold (no GC forced), against the settled reading before.
  const { holdingWithoutGc } = stalled;
  const perClientWithoutGc =
    holdingWithoutGc === undefined ? undefined : (holdingWithoutGc - stalled.before.rssBytes) / Math.max(1, stalled.clients) / KIB;
  return [
    row({
      figure: '7',
      name: `broker memory per held word (bare client, ${queues} queues x ${words} words)`,
      value: held.bytesPerWord,
      text: `${format(held.bytesPerWord)} bytes`,
      smoke: ctx.smoke,
    }),
    row({
      figure: '7',
      name: `broker memory per kept answer (${kept.answers} x ${size.kept.answerWords} words, unreleased)`,
      value: kept.bytesPerAnswer / KIB,
      text: `${format(kept.bytesPerAnswer / KIB)} KiB (its queue and one transcript)`,
      errors: problems.count,
      smoke: ctx.smoke,
    }),
    row({
      figure: '7',
      name: `gateway RSS with ${stalled.clients} non-reading clients of ${size.stalled.answerWords}-word answers`,
      value: stalled.holding.rssBytes / MIB,
      text: `${format(stalled.before.rssBytes / MIB)} -> ${format(stalled.holding.rssBytes / MIB)} MiB (${format(perClient)} KiB per client; ${format(perClientWithoutGc)} KiB without a forced GC); ${stalled.complete}/${stalled.clients} then read whole`,
      errors: problems.count,
      smoke: ctx.smoke,
    }),
  ];
}

export const figure: Figure = { key: 'resume', figure: '7', label: 'what keeping answers for a resume costs', run: measureResumeCosts };
