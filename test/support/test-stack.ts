import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { OperationsListener } from '../../apps/gateway/src/operations/operations-listener';
import { createWordProducerApp } from '../../apps/word-producer/src/word-producer.app';
import { Environment } from '@app/config';
import { BrokerInspector } from './broker-inspector';
import { brokerUrl } from './broker-url';
import { ChatClient } from './chat-client';
import { TEST_MESSAGE_ID_SECRET } from './message-id-secret';

const TEST_LOG_LEVELS: LogLevel[] = ['error', 'warn'];

export interface TestStackOptions {
  /** Run a word-producer beside the gateway (default true). */
  worker?: boolean;
  wordDelayMs?: number;
  prefetch?: number;
  /** The worker's ANSWERS_PER_CLIENT; its own default (a fifth of PREFETCH) when unset. */
  answersPerClient?: number;
  streamIdleTimeoutMs?: number;
  resumeWindowMs?: number;
  completedRetentionMs?: number;
  stalledClientMs?: number;
  heartbeatMs?: number;
  maxTextLength?: number;
  /** The per-client limits: high unless a test is about them. */
  messageRatePerSecond?: number;
  messageBurst?: number;
  maxStreamsPerClient?: number;
  streamRequestsPerSecond?: number;
  streamRequestBurst?: number;
  /** The gateway's REPLY_QUEUES: `original` declares reply queues as the original services do. */
  replyQueues?: 'resumable' | 'original';
  unreadTimeoutMs?: number;
  allowedOrigins?: string;
  trustProxy?: string;
  requestTimeoutMs?: number;
  /** Point the apps at another broker address, e.g. one where nothing listens. */
  amqpUrl?: string;
  requestsQueueType?: 'classic' | 'quorum';
  /** Serve the worker's /health and /metrics on this port (HEALTH_PORT); none by default. */
  workerHealthPort?: number;
  /** The gateway's internal listener for /metrics and /health/ready (METRICS_PORT; 0 takes a free one); none by default. */
  metricsPort?: number;
  /** The gateway's API_DOCS. */
  apiDocs?: boolean;
  /** The gateway's ALLOWED_HOSTS. */
  allowedHosts?: string;
  /** The gateway's STATIC_DIR. */
  staticDir?: string;
}

export interface TestStack {
  baseUrl: string;
  /** The gateway's internal listener (METRICS_PORT), when the stack has one. */
  internalUrl?: string;
  /** Unique to this stack, so parallel test files never take each other's requests. */
  requestsQueue: string;
  gateway: NestExpressApplication;
  /** What the stack's apps are configured with: variables as they would read them from their environment. */
  env: Environment;
  /** Starts (another) worker on the stack's queue; close() stops it with the rest. */
  startWorker(): Promise<void>;
  /** The gateway's open streams and reply consumers, as GET /health reports them. */
  load(): Promise<{ openStreams: number; replyConsumers: number }>;
  close(): Promise<void>;
}

/** Starts a gateway on a free port and, unless told otherwise, a word-producer, both in this process. */
export async function startStack(options: TestStackOptions = {}): Promise<TestStack> {
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  const env: Environment = {
    AMQP_URL: options.amqpUrl ?? brokerUrl(),
    REQUESTS_QUEUE: requestsQueue,
    WORD_DELAY_MS: String(options.wordDelayMs ?? 0),
    PREFETCH: String(options.prefetch ?? 50),
    STREAM_IDLE_TIMEOUT_MS: String(options.streamIdleTimeoutMs ?? 60_000),
    RESUME_WINDOW_MS: String(options.resumeWindowMs ?? 30_000),
    COMPLETED_RETENTION_MS: String(options.completedRetentionMs ?? 60_000),
    STALLED_CLIENT_MS: String(options.stalledClientMs ?? 30_000),
    HEARTBEAT_MS: String(options.heartbeatMs ?? 15_000),
    MAX_TEXT_LENGTH: String(options.maxTextLength ?? 4000),
    MESSAGE_RATE_PER_SECOND: String(options.messageRatePerSecond ?? 100_000),
    MESSAGE_BURST: String(options.messageBurst ?? 100_000),
    MAX_STREAMS_PER_CLIENT: String(options.maxStreamsPerClient ?? 100_000),
    STREAM_REQUESTS_PER_SECOND: String(options.streamRequestsPerSecond ?? 100_000),
    STREAM_REQUEST_BURST: String(options.streamRequestBurst ?? 100_000),
    REPLY_QUEUES: options.replyQueues,
    UNREAD_TIMEOUT_MS: String(options.unreadTimeoutMs ?? 60_000),
    ALLOWED_ORIGINS: options.allowedOrigins ?? '',
    TRUST_PROXY: options.trustProxy ?? 'false',
    REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs ?? 15_000),
    REQUESTS_QUEUE_TYPE: options.requestsQueueType ?? 'classic',
    MESSAGE_ID_SECRET: TEST_MESSAGE_ID_SECRET,
    ANSWERS_PER_CLIENT: options.answersPerClient === undefined ? undefined : String(options.answersPerClient),
    HEALTH_PORT: options.workerHealthPort === undefined ? undefined : String(options.workerHealthPort),
    METRICS_PORT: options.metricsPort === undefined ? undefined : String(options.metricsPort),
    API_DOCS: options.apiDocs === undefined ? undefined : String(options.apiDocs),
    ALLOWED_HOSTS: options.allowedHosts,
    STATIC_DIR: options.staticDir,
  };
  const workers: INestApplicationContext[] = [];
  const startWorker = async () => void workers.push(await createWordProducerApp(env, TEST_LOG_LEVELS));
  if (options.worker !== false) await startWorker();
  const gateway = await createGatewayApp(env, TEST_LOG_LEVELS);
  await gateway.listen(0, '127.0.0.1');
  const { port } = gateway.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const internalPort = gateway.get(OperationsListener).port;
  return {
    baseUrl,
    internalUrl: internalPort === undefined ? undefined : `http://127.0.0.1:${internalPort}`,
    requestsQueue,
    gateway,
    env,
    startWorker,
    async load() {
      const health = (await (await fetch(`${baseUrl}/health`)).json()) as {
        details: { streams: { openStreams: number; replyConsumers: number } };
      };
      return health.details.streams;
    },
    async close() {
      await gateway.close();
      for (const worker of workers) await worker.close();
      if (!options.amqpUrl) await deleteQueue(requestsQueue);
    },
  };
}

async function deleteQueue(name: string): Promise<void> {
  const inspector = await BrokerInspector.connect();
  await inspector.deleteQueue(name).finally(() => inspector.close());
}

export interface StackFixture {
  stack: TestStack;
  client: ChatClient;
  broker: BrokerInspector;
}

/**
 * For a describe block: starts a stack, a chat client for it and a broker inspector before its tests,
 * and closes them after. Read the fields inside the tests, once they are set.
 */
export function useStack(options: TestStackOptions = {}): StackFixture {
  const fixture = {} as StackFixture;
  beforeAll(async () => {
    fixture.stack = await startStack(options);
    fixture.client = new ChatClient(fixture.stack.baseUrl);
    fixture.broker = await BrokerInspector.connect();
  });
  afterAll(async () => {
    await fixture.stack?.close();
    await fixture.broker?.close();
  });
  return fixture;
}
