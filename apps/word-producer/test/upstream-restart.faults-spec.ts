import { randomUUID } from 'node:crypto';
import { AppFleet } from '../../../test/support/app-fleet';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { wordTexts } from '../../../test/support/expected-answer';
import { useFakeUpstream } from '../../../test/support/fake-upstream';
import { readSseWhile } from '../../../test/support/sse-client';

/** A GENERATOR=openai worker, as a real process, killed mid-answer. */
describe('a model-backed worker that dies mid-answer', () => {
  const fake = useFakeUpstream();
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  let broker: BrokerInspector;
  let fleet: AppFleet;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    const env = { AMQP_URL: brokerUrl(), REQUESTS_QUEUE: requestsQueue, GENERATOR: 'openai', UPSTREAM_MODEL: 'test-model' };
    fleet = new AppFleet({ ...env, UPSTREAM_BASE_URL: fake.upstream.baseUrl }, broker);
  });

  afterAll(async () => {
    await fleet.killAll();
    await broker.deleteQueue(requestsQueue);
    await broker.close();
  });

  it('ends the answer with an error instead of splicing a second, different generation onto the first', async () => {
    // Each generation differs, as a model's do: the n-th request gets words `g{n}w{i}`.
    fake.upstream.reply = (_, n) => ({ deltas: Array.from({ length: 60 }, (__, i) => `g${n}w${i} `), intervalMs: 100 });
    const client = await fleet.startGateway();
    const first = await fleet.startWorker();
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: 'Tell me something' });

    const result = await readSseWhile(client.streamUrl(accepted), 3, () => first.stop('SIGKILL').then(() => fleet.startWorker()));

    const words = wordTexts(result.events);
    expect(words.length).toBeGreaterThanOrEqual(3);
    expect(words).toEqual(Array.from({ length: words.length }, (_, i) => `g0w${i}`));
    expect(result.events.at(-1)).toEqual({
      event: 'error',
      data: '{"code":"worker_error","message":"The worker restarted mid-answer; send the message again"}',
    });
    // The model was asked once; the killed worker's request to it closed with the process.
    expect(fake.upstream.requests).toHaveLength(1);
    await fake.upstream.requests[0].aborted;
    // Room for building the apps' bundles first when their sources changed (about 25 s).
  }, 90_000);
});
