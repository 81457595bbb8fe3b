import type { AppProcess } from '../../test/support/app-process';
import type { BrokerInspector } from '../../test/support/broker-inspector';
import type { ClientProcess } from './client-process';
import type { Problems } from './problems';
import type { Sizes } from './sizes';

/** One line of the results table (see rows.ts). */
export interface Row {
  figure: string;
  name: string;
  value: number | null;
  unit: string;
  shown: string;
  target: string;
  result: '' | 'PASS' | 'FAIL' | 'ERROR' | 'SKIP' | 'smoke';
}

/** What a figure measured: its table rows, its data for the results file, and its correctness problems. */
export interface Section {
  rows: Row[];
  data: Record<string, unknown>;
  problems: Problems;
  /** SVG charts by name, written next to the results file (`<results>-<name>.svg`). */
  charts?: Record<string, string>;
}

/** A gateway's memory, read after a full GC. */
export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

/** A gateway a figure measures; the bench's own can also have its memory read. */
export interface GatewayHandle {
  baseUrl: string;
  requestsQueue?: string;
  memoryAfterGc?: () => Promise<MemoryReading>;
  /** RSS now, with no GC forced first: what an operator's `ps` shows. */
  rssNow?: () => number;
}

/** A gateway the bench started itself (LocalStacks): its process, and its memory read after a full GC. */
export interface MeasuredGateway extends GatewayHandle {
  name: string;
  process: AppProcess;
  requestsQueue: string;
  memoryAfterGc: () => Promise<MemoryReading>;
}

export interface WorkerSettings {
  wordDelayMs: number;
  prefetch: number;
}

/** The apps under measurement: started by the bench (LocalStacks) or someone else's (ExternalStack). */
export interface Stacks {
  readonly requestsQueues: string[];
  withWorker(settings: WorkerSettings): Promise<GatewayHandle>;
  /** A gateway of `processes` processes (GATEWAY_PROCESSES) with a worker; only a stack the bench starts has one. */
  withProcesses(processes: number, settings: WorkerSettings): Promise<GatewayHandle>;
  /** Only a stack the bench starts has one; ExternalStack rejects with FigureSkipped. */
  idleGateway(options: { resumeWindowMs: number }): Promise<MeasuredGateway>;
  pids(): { gateway?: number; worker?: number };
  crashed(): string[];
  stopAll(): Promise<void>;
}

export interface BenchContext {
  sizes: Sizes;
  smoke: boolean;
  stacks: Stacks;
  admin: BrokerInspector;
  brokerPid: number | undefined;
  /** The client process that makes the load, and the one that probes beside it. */
  load: ClientProcess;
  probe: ClientProcess;
}

export interface Figure {
  key: string;
  figure: string;
  label: string;
  run(ctx: BenchContext): Promise<Section>;
}
