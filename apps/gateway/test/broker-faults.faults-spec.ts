import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { END_MARKER } from '@app/contracts';
import { AppProcess } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { closeConnectionsNamed, describeIfRabbitmqctl, withBrokerStopped } from '../../../test/support/rabbitmqctl';
import { readSse, readSseWhile, SseEvent } from '../../../test/support/sse-client';
import { startStack, TestStack, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const describeWithRabbitmqctl = describeIfRabbitmqctl('the broker fault tests');

describeWithRabbitmqctl('broker connections dropped mid-answer', () => {
  let stack: TestStack;
  let client: ChatClient;
  // Both apps run in this process, so their connection names differ only by app.
  const connectionOf = (app: string) => `${app}@${hostname()}:${process.pid}`;

  let broker: BrokerInspector;

  beforeAll(async () => {
    stack = await startStack({ WORD_DELAY_MS: 40, METRICS_PORT: 0 });
    client = new ChatClient(stack.baseUrl);
    broker = await BrokerInspector.connect();
  });

  // A test may end before the apps are back from its fault: the stream can complete from words the
  // gateway already held. The next one starts once both are connected again.
  beforeEach(async () => {
    await waitFor('the gateway to be ready', async () => (await fetch(`${stack.internalUrl}/health/ready`)).status === 200, 15_000);
    await broker.waitForConsumers(stack.requestsQueue, 1);
  });

  afterAll(async () => {
    await stack.close();
    await broker.close();
  });

  /** Streams an answer and runs `fault` once five events have arrived. */
  async function streamThrough<T>(fault: () => Promise<T>): Promise<{ text: string; events: SseEvent[]; faultResult: T }> {
    const { chat_id } = await client.startChat();
    const text = 'w '.repeat(30).trim();
    const accepted = await client.sendOk(chat_id, { text });
    const { events, actionResult } = await readSseWhile(client.streamUrl(accepted), 5, fault);
    return { text, events, faultResult: actionResult };
  }

  async function streamWhileDropping(apps: string[]): Promise<{ text: string; events: SseEvent[] }> {
    const result = await streamThrough(() => Promise.all(apps.map((app) => closeConnectionsNamed(connectionOf(app)))));
    expect(result.faultResult).toEqual(apps.map(() => 1));
    return result;
  }

  function expectWholeAnswer({ text, events }: { text: string; events: SseEvent[] }): void {
    const words = answerWords(text);
    expect(wordTexts(events)).toEqual(words);
    expect(events.filter((event) => event.event === 'message').map((event) => Number(event.id))).toEqual(
      Array.from({ length: words.length + 1 }, (_, i) => i + 1),
    );
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ text: END_MARKER, done: true });
    expect(events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  }

  it("completes the stream, every word once, when the gateway's connections drop", async () => {
    expectWholeAnswer(await streamWhileDropping(['gateway', 'gateway-consumers']));
  });

  it("completes the stream, every word once, when only the gateway's consumer connection drops", async () => {
    expectWholeAnswer(await streamWhileDropping(['gateway-consumers']));
  });

  it("completes the stream, every word once, when the worker's connection drops and the request is generated again", async () => {
    expectWholeAnswer(await streamWhileDropping(['word-producer']));
  });

  it("completes the stream when the gateway's and the worker's connections drop at once", async () => {
    expectWholeAnswer(await streamWhileDropping(['gateway', 'gateway-consumers', 'word-producer']));
  });
});

describeWithRabbitmqctl('a broker restart', () => {
  it('mid-answer: the stream completes, the request surviving and being answered again', async () => {
    const stack = await startStack({ WORD_DELAY_MS: 40 });
    try {
      const client = new ChatClient(stack.baseUrl);
      const { chat_id } = await client.startChat();
      const text = 'w '.repeat(30).trim();
      const accepted = await client.sendOk(chat_id, { text });
      const result = await readSseWhile(client.streamUrl(accepted), 5, () =>
        withBrokerStopped(() => new Promise((resolve) => setTimeout(resolve, 500))),
      );
      expect(wordTexts(result.events)).toEqual(answerWords(text));
      expect(result.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    } finally {
      await stack.close();
    }
  });

  it('at start-up: the apps start without a broker, refuse work meanwhile, and serve once it is up', async () => {
    let worker: AppProcess | undefined;
    const stack = await withBrokerStopped(async () => {
      const gatewayOnly = await startStack({ worker: false });
      worker = AppProcess.start('word-producer', { AMQP_URL: brokerUrl(), REQUESTS_QUEUE: gatewayOnly.requestsQueue, WORD_DELAY_MS: '0' });
      const refused = await new ChatClient(gatewayOnly.baseUrl).send(randomUUID(), { text: 'too early' });
      expect(refused.status).toBe(503);
      return gatewayOnly;
    });
    try {
      await waitFor('the gateway to report healthy', async () => (await fetch(`${stack.baseUrl}/health`)).status === 200, 15000);
      const broker = await BrokerInspector.connect();
      await broker.waitForConsumers(stack.requestsQueue, 1).finally(() => broker.close());
      const client = new ChatClient(stack.baseUrl);
      const { chat_id } = await client.startChat();
      const accepted = await client.sendOk(chat_id, { text: 'after the outage' });
      const result = await readSse(client.streamUrl(accepted));
      expect(wordTexts(result.events)).toEqual(answerWords('after the outage'));
    } finally {
      await worker?.stop('SIGKILL');
      await stack.close();
    }
  });
});

describeWithRabbitmqctl('readiness', () => {
  const env = useStack({ worker: false, METRICS_PORT: 0 });

  it('turns readiness to 503 while the broker is stopped, and back to 200 once it is up', async () => {
    const readiness = async () => {
      const response = await fetch(`${env.stack.internalUrl}/health/ready`);
      return { status: response.status, failing: Object.keys(((await response.json()) as { error: object }).error).sort() };
    };
    await withBrokerStopped(async () => {
      // An answer about new clients is reused for 2 s, so the gateway's own connection may fail first.
      await waitFor('readiness to fail', async () => (await readiness()).failing.length === 2, 15_000);
      expect(await readiness()).toEqual({ status: 503, failing: ['broker', 'brokerAcceptsClients'] });
    });
    await waitFor('readiness to come back', async () => (await fetch(`${env.stack.internalUrl}/health/ready`)).status === 200, 30_000);
  }, 90_000);
});
