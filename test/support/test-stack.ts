import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { GatewayEnvironment } from '../../apps/gateway/src/config/gateway.config';
import { SecurityEnvironment } from '../../apps/gateway/src/config/security.config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { OperationsListener } from '../../apps/gateway/src/operations/operations-listener';
import { WordProducerEnvironment } from '../../apps/word-producer/src/config/word-producer.config';
import { createWordProducerApp } from '../../apps/word-producer/src/word-producer.app';
import { AmqpEnvironment } from '@app/amqp';
import { Environment } from '@app/config';
import { BrokerInspector } from './broker-inspector';
import { brokerUrl } from './broker-url';
import { ChatClient } from './chat-client';
import { TEST_MESSAGE_ID_SECRET } from './message-id-secret';

const TEST_LOG_LEVELS: LogLevel[] = ['error', 'warn'];

/** The apps' variables, typed as their env classes declare them. */
type StackVariables = AmqpEnvironment & GatewayEnvironment & SecurityEnvironment & WordProducerEnvironment;

/**
 * Variables for the stack's apps, over the test defaults below; anything else takes the apps' own
 * default. Not REQUESTS_QUEUE: each stack has its own, so that parallel test files never take each
 * other's requests, and deletes it when it closes.
 */
export type TestStackOptions = Partial<Omit<StackVariables, 'REQUESTS_QUEUE'>> & {
  /** Run a word-producer beside the gateway (default true). */
  worker?: boolean;
};

/** Only where a test wants another value than the apps' defaults. */
const TEST_DEFAULTS: TestStackOptions = {
  // Lifted: one test process is every client; the tests about these limits set their own.
  MESSAGE_RATE_PER_SECOND: 100_000,
  MESSAGE_BURST: 100_000,
  MAX_STREAMS_PER_CLIENT: 100_000,
  STREAM_REQUESTS_PER_SECOND: 100_000,
  STREAM_REQUEST_BURST: 100_000,
  // As fast as the worker writes; a test that watches an answer in flight sets a delay.
  WORD_DELAY_MS: 0,
  // The run's one secret, as its gateway processes have it (global-setup). Unset, each stack would
  // leave a stream behind on the broker for its secret, and answer 503 until it had read it.
  MESSAGE_ID_SECRET: TEST_MESSAGE_ID_SECRET,
};

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
  const { worker = true, ...variables } = { AMQP_URL: brokerUrl(), ...TEST_DEFAULTS, ...options };
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  const env: Environment = { ...asEnvironment(variables), REQUESTS_QUEUE: requestsQueue };
  const workers: INestApplicationContext[] = [];
  const startWorker = async () => void workers.push(await createWordProducerApp(env, TEST_LOG_LEVELS));
  if (worker) await startWorker();
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
      if (options.AMQP_URL === undefined) await deleteQueue(requestsQueue);
    },
  };
}

/** As the apps would read them from their environment: numbers as their digits. */
function asEnvironment(variables: Partial<StackVariables>): Environment {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, value === undefined ? undefined : String(value)]));
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
 * and closes them after. Options given as a function are read then, after the beforeAll hooks declared
 * before this one (a fake model server's address). Read the fields inside the tests, once they are set.
 */
export function useStack(options: TestStackOptions | (() => TestStackOptions) = {}): StackFixture {
  const fixture = {} as StackFixture;
  beforeAll(async () => {
    fixture.stack = await startStack(typeof options === 'function' ? options() : options);
    fixture.client = new ChatClient(fixture.stack.baseUrl);
    fixture.broker = await BrokerInspector.connect();
  });
  afterAll(async () => {
    await fixture.stack?.close();
    await fixture.broker?.close();
  });
  return fixture;
}

/** Another gateway on a stack's requests queue (and broker), in this process, on a free port. */
export async function startSecondGateway(
  stack: TestStack,
  env: Environment = {},
): Promise<{ app: NestExpressApplication; baseUrl: string }> {
  const app = await createGatewayApp({ ...stack.env, ...env }, ['error']);
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

/**
 * For a describe block, after useStack: a second gateway of the same deployment, as a browser may
 * reach after a reconnect. Read `baseUrl` inside the tests.
 */
export function useSecondGateway(fixture: StackFixture): { baseUrl: string } {
  const second = { baseUrl: '' } as { baseUrl: string; app?: NestExpressApplication };
  beforeAll(async () => Object.assign(second, await startSecondGateway(fixture.stack)));
  afterAll(() => second.app?.close());
  return second;
}
