import { randomUUID } from 'node:crypto';
import { AppFleet } from '../../../test/support/app-fleet';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, readSseWhile, SseEvent } from '../../../test/support/sse-client';

/** Gateways and workers as real processes, killed the way deployments and crashes kill them. */
describe('processes that die mid-answer', () => {
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  const env = { AMQP_URL: brokerUrl(), REQUESTS_QUEUE: requestsQueue, WORD_DELAY_MS: '50' };
  let broker: BrokerInspector;
  let fleet: AppFleet;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    fleet = new AppFleet(env, broker);
  });

  afterEach(() => fleet.killAll());

  afterAll(async () => {
    await broker.deleteQueue(requestsQueue);
    await broker.close();
  });

  function expectExactly(text: string, events: SseEvent[]): void {
    expect(wordTexts(events)).toEqual(answerWords(text));
    expect(events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  }

  it('shows every word once when the worker is killed and another one answers again', async () => {
    const client = await fleet.startGateway();
    const first = await fleet.startWorker();
    const { chat_id } = await client.startChat();
    const text = 'w '.repeat(25).trim();
    const accepted = await client.sendOk(chat_id, { text });

    const result = await readSseWhile(client.streamUrl(accepted), 5, () => first.stop('SIGKILL').then(() => fleet.startWorker()));

    expectExactly(text, result.events);
    const ids = result.events.filter((event) => event.id).map((event) => Number(event.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'continues on another gateway after a %s to the first, losing and repeating nothing',
    async (signal) => {
      const firstGateway = await fleet.startGateway();
      const secondGateway = await fleet.startGateway();
      await fleet.startWorker();
      const { chat_id } = await firstGateway.startChat();
      const text = 'w '.repeat(25).trim();
      const accepted = await firstGateway.sendOk(chat_id, { text });
      const gatewayProcess = fleet.processes[0];

      const before = await readSseWhile(firstGateway.streamUrl(accepted), 5, () => gatewayProcess.stop(signal));
      // Nest re-raises the signal after its shutdown hooks, so a clean stop shows in the log, not the exit code.
      if (signal === 'SIGTERM') expect(gatewayProcess.printed).toContain('Closed the broker connection');

      const lastSeen = before.events.filter((event) => event.id).at(-1)!.id!;
      const after = await readSse(secondGateway.streamUrl(accepted), { headers: { 'Last-Event-ID': lastSeen } });
      expect([...wordTexts(before.events), ...wordTexts(after.events)]).toEqual(answerWords(text));
      expect(after.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    },
  );

  it('lets a worker told to stop finish the answer it is writing, then exit cleanly', async () => {
    const client = await fleet.startGateway();
    const worker = await fleet.startWorker();
    const { chat_id } = await client.startChat();
    const text = 'w '.repeat(15).trim();
    const accepted = await client.sendOk(chat_id, { text });

    const result = await readSseWhile(client.streamUrl(accepted), 3, () => worker.stop('SIGTERM'));

    expectExactly(text, result.events);
    expect(worker.printed).toContain('Successfully closed a RabbitMQ channel "requests"');
  });
});
