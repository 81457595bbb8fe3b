// The load client: its own process, driven over IPC by bench/run.ts, one job at a time.
import { runRawFirstWord } from '../broker/raw-first-word';
import { runRawLifecycles } from '../broker/raw-lifecycles';
import { runRawStreams } from '../broker/raw-streams';
import { runRawWords } from '../broker/raw-words';
import { runClosedLoop } from './closed-loop';
import { runIdleStreams } from './idle-streams';
import { JobControl, sendToParent, type ClientMessage, type NoReports, type ResultMessage, type SignalMessage } from './job-control';
import { runKeptAnswers } from './kept-answers';
import { runOpenAiProbes } from './openai-probes';
import { runProbeArrivals } from './probe-arrivals';
import { runProbes } from './probes';
import { runRamp } from './ramp';
import { runRelayLatency } from './relay-latency';
import { runStalledReaders } from './stalled-readers';

const JOBS = {
  closedLoop: runClosedLoop,
  idleStreams: runIdleStreams,
  keptAnswers: runKeptAnswers,
  openAiProbes: runOpenAiProbes,
  probeArrivals: runProbeArrivals,
  probes: runProbes,
  ramp: runRamp,
  rawFirstWord: runRawFirstWord,
  rawLifecycles: runRawLifecycles,
  rawStreams: runRawStreams,
  rawWords: runRawWords,
  relayLatency: runRelayLatency,
  stalledReaders: runStalledReaders,
};

export type Jobs = typeof JOBS;
export type JobName = keyof Jobs;
export type JobParams<J extends JobName> = Parameters<Jobs[J]>[0];
/** What the job resolves with; the parent gets its JSON (an ErrorLog as its ErrorSummary). */
export type JobResult<J extends JobName> = Awaited<ReturnType<Jobs[J]>>;
/** The progress reports of job J, as its control declares them; none for a job that takes no control. */
export type JobReports<J extends JobName> = Parameters<Jobs[J]> extends [unknown, JobControl<infer R>] ? R : NoReports;

type JobRunner<J extends JobName> = (params: JobParams<J>, control: JobControl<JobReports<J>>) => Promise<JobResult<J>>;

/** JOBS, seen as one runner per name, so that a job's name picks its params and result. */
const RUNNERS: { [J in JobName]: JobRunner<J> } = JOBS;

/** Starts job `job`; `id` tells its reports and outcome from those of earlier jobs. */
export interface RunMessage<J extends JobName = JobName> {
  type: 'run';
  id: number;
  job: J;
  params: JobParams<J>;
}

/** What the parent sends the load client. */
export type ParentMessage = RunMessage | SignalMessage;

/** What the load client sends the parent about job J: its reports, then its result or failure. */
export type JobMessage<J extends JobName = JobName> = { [K in J]: ClientMessage<JobReports<K>, JobResult<K>> }[J];

let current: Pick<JobControl, 'signal'> | undefined;

process.on('message', (message) => {
  if (!isParentMessage(message)) return;
  if (message.type === 'signal') return void current?.signal(message.name, message.data);
  if (message.type === 'run') void run(message);
});
process.on('disconnect', () => process.exit(0));

async function run<J extends JobName>({ id, job, params }: RunMessage<J>): Promise<void> {
  const control = new JobControl<JobReports<J>>(id);
  current = control;
  try {
    const result = await RUNNERS[job](params, control);
    const message: ResultMessage<JobResult<J>> = { type: 'result', id, result: JSON.parse(JSON.stringify(result)) as JobResult<J> };
    sendToParent(message);
  } catch (error) {
    sendToParent({ type: 'failed', id, error: stackOf(error) });
  }
}

/** The parent sends only these; the type is not checked further. */
function isParentMessage(message: unknown): message is ParentMessage {
  return typeof message === 'object' && message !== null && 'type' in message;
}

function stackOf(error: unknown): string {
  const stack: unknown = typeof error === 'object' && error !== null ? (error as { stack?: unknown }).stack : undefined;
  return typeof stack === 'string' ? stack : String(error);
}
