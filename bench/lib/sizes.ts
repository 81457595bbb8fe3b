import type { WorkerSettings } from './context';
import type { SettleOptions } from './settled-memory';
import type { RawFirstWordParams } from '../broker/raw-first-word';
import type { RawLifecyclesParams } from '../broker/raw-lifecycles';
import type { RawStreamsParams } from '../broker/raw-streams';
import type { RawWordsParams } from '../broker/raw-words';
import type { ClosedLoopParams } from '../client/closed-loop';
import type { ProbeArrivalsParams } from '../client/probe-arrivals';
import type { ProbesParams } from '../client/probes';
import type { RampParams } from '../client/ramp';
import type { RelayLatencyParams } from '../client/relay-latency';

/** Each job's parameters but where it runs: the broker's or the gateway's address. */
type JobSize<Params> = Omit<Params, 'amqpUrl' | 'baseUrl'>;

/** A closed loop keeping `concurrency` answers streaming (see bench/client/closed-loop.ts). */
export type ClosedLoopSize = JobSize<ClosedLoopParams>;

/** The closed loop at each of `levels` concurrent streams. */
export interface GrowthSize extends Omit<ClosedLoopSize, 'concurrency'> {
  levels: number[];
}

/** `streams` idle streams held open in a gateway without a worker. */
export interface MemorySize {
  streams: number;
  postConcurrency: number;
  openConcurrency: number;
  resumeWindowMs: number;
  settle: SettleOptions;
}

export interface ResumeSize {
  /** A bare client holding `queues` x `words` unacked. */
  heldWords: { queues: number; words: number; bodyBytes: number };
  /** `answers` finished answers kept unreleased. */
  kept: { answers: number; answerWords: number; concurrency: number };
  /** `clients` that read nothing of their long answers. */
  stalled: { clients: number; answerWords: number };
  settle: SettleOptions;
}

/** How big each figure is; the figures read `ctx.sizes.<figure>`. */
export interface Sizes {
  e2eWorker: WorkerSettings;
  pacingWorker: WorkerSettings;
  rawWords: JobSize<RawWordsParams>;
  rawStreams: JobSize<RawStreamsParams>;
  rawLifecycles: JobSize<RawLifecyclesParams>;
  ttfwIdle: JobSize<ProbesParams>;
  /** The broker's own first-word floor, measured just before (bench/broker/raw-first-word.ts). */
  brokerFloor: JobSize<RawFirstWordParams>;
  probesUnderLoad: JobSize<ProbeArrivalsParams>;
  e2eWords: ClosedLoopSize;
  e2eMessages: ClosedLoopSize;
  growth: GrowthSize;
  pacing: JobSize<RampParams>;
  memory: MemorySize;
  relay: JobSize<RelayLatencyParams>;
  resume: ResumeSize;
}

/**
 * How big each figure is. The full sizes are the issue's; they keep the whole run under 10 minutes
 * on a 2-core machine. The smoke sizes only prove that every figure still runs and checks.
 */
const FULL: Sizes = {
  e2eWorker: { wordDelayMs: 0, prefetch: 1100 },
  pacingWorker: { wordDelayMs: 100, prefetch: 1000 },
  rawWords: { bodyBytes: 150, prefetch: 500, maxInFlight: 2000, warmupMs: 1000, measureMs: 8000 },
  rawStreams: { streams: 100, channels: 16, holdWords: 64, bodyBytes: 150, warmupMs: 1000, measureMs: 8000 },
  rawLifecycles: { channels: 16, warmupMs: 1000, measureMs: 8000 },
  ttfwIdle: { count: 200, maxMs: 30_000, pauseMs: 5, answerWords: 14 },
  brokerFloor: { count: 200, pauseMs: 5, bodyBytes: 150 },
  probesUnderLoad: { count: 1000, maxMs: 60_000, everyMs: 100, answerWords: 14 },
  e2eWords: {
    concurrency: 100,
    answerWords: 300,
    measureMs: 10_000,
    warmupMinMs: 2000,
    warmupMaxMs: 15_000,
    drainMs: 60_000,
    maxAnswers: 100_000,
  },
  e2eMessages: {
    concurrency: 64,
    answerWords: 14,
    measureMs: 10_000,
    warmupMinMs: 2000,
    warmupMaxMs: 15_000,
    drainMs: 30_000,
    maxAnswers: 100_000,
  },
  growth: {
    levels: [10, 100, 1000],
    answerWords: 300,
    measureMs: 8000,
    warmupMinMs: 2000,
    warmupMaxMs: 20_000,
    drainMs: 90_000,
    maxAnswers: 100_000,
  },
  pacing: { streams: 1000, rampMs: 10_000, answerWords: 50, maxMs: 60_000 },
  memory: {
    streams: 10_000,
    postConcurrency: 64,
    openConcurrency: 256,
    resumeWindowMs: 1000,
    settle: { everyMs: 1000, stableReadings: 6, toleranceMiB: 1, maxMs: 30_000 },
  },
  relay: { streams: 10, answerWords: 50, publishEveryMs: 10 },
  resume: {
    heldWords: { queues: 100, words: 300, bodyBytes: 180 },
    kept: { answers: 500, answerWords: 14, concurrency: 16 },
    stalled: { clients: 100, answerWords: 2000 },
    settle: { everyMs: 1000, stableReadings: 4, toleranceMiB: 1, maxMs: 20_000 },
  },
};

const SMOKE: Sizes = {
  e2eWorker: { wordDelayMs: 0, prefetch: 50 },
  pacingWorker: { wordDelayMs: 100, prefetch: 1000 },
  rawWords: { bodyBytes: 150, prefetch: 500, maxInFlight: 2000, warmupMs: 200, measureMs: 800 },
  rawStreams: { streams: 4, channels: 2, holdWords: 64, bodyBytes: 150, warmupMs: 200, measureMs: 800 },
  rawLifecycles: { channels: 16, warmupMs: 200, measureMs: 800 },
  ttfwIdle: { count: 5, maxMs: 5000, pauseMs: 5, answerWords: 14 },
  brokerFloor: { count: 5, pauseMs: 5, bodyBytes: 150 },
  probesUnderLoad: { count: 20, maxMs: 5000, everyMs: 100, answerWords: 14 },
  e2eWords: { concurrency: 4, answerWords: 60, measureMs: 1000, warmupMinMs: 200, warmupMaxMs: 5000, drainMs: 10_000, maxAnswers: 1000 },
  e2eMessages: { concurrency: 4, answerWords: 14, measureMs: 1000, warmupMinMs: 200, warmupMaxMs: 5000, drainMs: 10_000, maxAnswers: 1000 },
  growth: { levels: [2, 8], answerWords: 60, measureMs: 800, warmupMinMs: 200, warmupMaxMs: 5000, drainMs: 10_000, maxAnswers: 1000 },
  pacing: { streams: 10, rampMs: 500, answerWords: 15, maxMs: 15_000 },
  memory: {
    streams: 200,
    postConcurrency: 16,
    openConcurrency: 64,
    resumeWindowMs: 200,
    settle: { everyMs: 200, stableReadings: 3, toleranceMiB: 1, maxMs: 2000 },
  },
  relay: { streams: 1, answerWords: 20, publishEveryMs: 10 },
  resume: {
    heldWords: { queues: 4, words: 50, bodyBytes: 180 },
    kept: { answers: 10, answerWords: 14, concurrency: 4 },
    stalled: { clients: 3, answerWords: 200 },
    settle: { everyMs: 200, stableReadings: 2, toleranceMiB: 1, maxMs: 2000 },
  },
};

export const sizesFor = (smoke: boolean): Sizes => (smoke ? SMOKE : FULL);
