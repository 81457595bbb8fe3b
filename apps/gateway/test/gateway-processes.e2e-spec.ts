import { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { createWordProducerApp } from '../../word-producer/src/word-producer.app';
import { AppProcess, freePort } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { ChatClient } from '../../../test/support/chat-client';
import { answerText } from '../../../test/support/expected-answer';
import { readSse, SseConnection, SseResult } from '../../../test/support/sse-client';
import { TEST_MESSAGE_ID_SECRET } from '../../../test/support/message-id-secret';
import { waitFor } from '../../../test/support/wait-for';

/** Two free ports side by side: the processes' internal listeners are METRICS_PORT + their index. */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const first = await freePort();
    const server = createServer().listen(first + 1, '127.0.0.1');
    const free = await Promise.race([once(server, 'listening').then(() => true), once(server, 'error').then(() => false)]);
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return first;
    }
  }
}

/** The answer's text as a reader of `sep` rebuilds it. */
function joinedText({ events }: SseResult): string {
  return events
    .filter((event) => event.event === 'message')
    .map((event) => JSON.parse(event.data) as { text: string; sep?: string; done?: true })
    .filter((word) => !word.done)
    .map(({ text, sep }) => text + (sep ?? ''))
    .join('');
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function wordsRelayed(internalUrl: string): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`)).text();
  return Number(/^gateway_words_relayed_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe('GATEWAY_PROCESSES=2: gateway processes sharing one port', () => {
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  const env = {
    AMQP_URL: brokerUrl(),
    REQUESTS_QUEUE: requestsQueue,
    MESSAGE_ID_SECRET: TEST_MESSAGE_ID_SECRET,
    WORD_DELAY_MS: '20',
    GATEWAY_PROCESSES: '2',
  };
  let gateway: AppProcess;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let metricsPort: number;
  let broker: BrokerInspector;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    const port = await freePort();
    metricsPort = await twoFreePorts();
    baseUrl = `http://127.0.0.1:${port}`;
    gateway = AppProcess.start('gateway', { ...env, PORT: String(port), METRICS_PORT: String(metricsPort) });
    await Promise.all([0, 1].map((index) => gateway.waitForHttpOk(`http://127.0.0.1:${metricsPort + index}/health/ready`)));
    worker = await createWordProducerApp(env, ['error']);
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    await worker?.close();
    await broker.deleteQueue(requestsQueue);
    await broker.close();
  });

  it('runs two processes under the one started, and both answer, each answer exact', async () => {
    expect(childrenOf(gateway.child.pid!)).toHaveLength(2);
    const client = new ChatClient(baseUrl);
    const texts = Array.from({ length: 16 }, (_, i) => `message ${i + 1}: one  two\nthree`);
    const answers = await Promise.all(
      texts.map(async (text) => {
        const { chat_id } = await client.startChat();
        return joinedText(await readSse(client.streamUrl(await client.sendOk(chat_id, { text }, 'json'))));
      }),
    );
    expect(answers).toEqual(texts.map(answerText));
    // Connections are handed out in turn: each process relayed some of the words.
    const relayed = await Promise.all([0, 1].map((index) => wordsRelayed(`http://127.0.0.1:${metricsPort + index}`)));
    expect(relayed.every((words) => words > 0)).toBe(true);
  });

  it('stops every process on SIGTERM, each ending its streams, and exits 0', async () => {
    const client = new ChatClient(baseUrl);
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ') });
    const stream = new SseConnection(client.streamUrl(accepted));
    await stream.waitForEvents(3);
    const processes = [gateway.child.pid!, ...childrenOf(gateway.child.pid!)];
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    // The open stream's response is over (the page resumes elsewhere), and no process is left.
    await stream.finished;
    await waitFor('every gateway process to be gone', () => processes.every((pid) => !isRunning(pid)), 10_000);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
