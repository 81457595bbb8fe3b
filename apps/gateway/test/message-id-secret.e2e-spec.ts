import { randomUUID } from 'node:crypto';
import { messageIdSecretStream } from '@app/contracts';
import { AppProcess, startGatewayProcess } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { AcceptedMessage, ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { waitFor } from '../../../test/support/wait-for';

const END = { event: 'end', data: 'Stream ended' };

/**
 * Gateways started without MESSAGE_ID_SECRET, as real processes: the gateways of one deployment (one
 * REQUESTS_QUEUE) agree on a secret through the broker, and another deployment's is its own.
 */
describe('the message id secret, when MESSAGE_ID_SECRET is unset', () => {
  const deployments = Array.from({ length: 4 }, () => `requests_queue.test.${randomUUID()}`);
  const [first, second, simultaneous, blocked] = deployments;
  const processes: AppProcess[] = [];
  let broker: BrokerInspector;

  /** The jest run gives every process MESSAGE_ID_SECRET; these get none. */
  async function startGateway(requestsQueue: string): Promise<ChatClient> {
    const { gateway, baseUrl } = await startGatewayProcess({
      AMQP_URL: brokerUrl(),
      REQUESTS_QUEUE: requestsQueue,
      MESSAGE_ID_SECRET: undefined,
      // The tests poll with HEAD until a gateway knows its secret.
      STREAM_REQUESTS_PER_SECOND: '100000',
      STREAM_REQUEST_BURST: '100000',
    });
    processes.push(gateway);
    return new ChatClient(baseUrl);
  }

  /** HEAD of a message id nobody gave out: 404 once the gateway knows its secret, 503 before. */
  const unknownMessageStatus = async (gateway: ChatClient) =>
    (await fetch(gateway.streamUrl({ chat_id: randomUUID(), message_id: randomUUID() }), { method: 'HEAD' })).status;

  const headStatus = async (gateway: ChatClient, message: AcceptedMessage) =>
    (await fetch(gateway.streamUrl(message), { method: 'HEAD' })).status;

  async function sendThrough(gateway: ChatClient, text: string): Promise<AcceptedMessage> {
    const { chat_id } = await gateway.startChat();
    return gateway.sendOk(chat_id, { text });
  }

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
  });

  afterAll(async () => {
    await Promise.all(processes.map((app) => app.stop('SIGKILL')));
    await broker.deleteQueues([...deployments, ...deployments.map(messageIdSecretStream)]);
    await broker.close();
  });

  describe('two gateways of one deployment and a third of another', () => {
    let gatewayA1: ChatClient;
    let gatewayA2: ChatClient;
    let gatewayB: ChatClient;

    beforeAll(async () => {
      gatewayA1 = await startGateway(first);
      gatewayA2 = await startGateway(first);
      gatewayB = await startGateway(second);
      for (const gateway of [gatewayA1, gatewayA2, gatewayB]) {
        await waitFor('the gateway to know its secret', async () => (await unknownMessageStatus(gateway)) === 404, 10_000);
      }
      processes.push(AppProcess.start('word-producer', { AMQP_URL: brokerUrl(), REQUESTS_QUEUE: first, WORD_DELAY_MS: '40' }));
      await broker.waitForConsumers(first, 1);
    }, 60_000);

    it('resumes on one gateway an answer sent and partly streamed through the other', async () => {
      const text = Array.from({ length: 30 }, (_, i) => `w${i + 1}`).join(' ');
      const accepted = await sendThrough(gatewayA1, text);
      const silent = new SseConnection(gatewayA1.streamUrl(accepted));
      await silent.waitForEvents(5);
      silent.pause();
      const seen = [...silent.events];

      const resumed = await readSse(gatewayA2.streamUrl(accepted), { headers: { 'Last-Event-ID': silent.lastEventId } });

      expect(resumed.status).toBe(200);
      expect([...wordTexts(seen), ...wordTexts(resumed.events)]).toEqual(answerWords(text));
      expect(resumed.events.at(-1)).toEqual(END);
      silent.close();
    });

    it("keeps another deployment's secret apart: its ids are 404 here, though their reply queues exist", async () => {
      const fromA = await sendThrough(gatewayA1, 'made by deployment A');
      const fromB = await sendThrough(gatewayB, 'made by deployment B');

      expect([await headStatus(gatewayA2, fromA), await headStatus(gatewayB, fromA)]).toEqual([200, 404]);
      expect([await headStatus(gatewayB, fromB), await headStatus(gatewayA1, fromB), await headStatus(gatewayA2, fromB)]).toEqual([
        200, 404, 404,
      ]);
      expect((await fetch(gatewayA2.streamUrl(fromA), { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(gatewayB.streamUrl(fromB), { method: 'DELETE' })).status).toBe(204);
    });
  });

  it('agrees on one secret between two gateways started at the same moment', async () => {
    const [one, other] = await Promise.all([startGateway(simultaneous), startGateway(simultaneous)]);
    for (const gateway of [one, other]) {
      await waitFor('the gateway to know its secret', async () => (await unknownMessageStatus(gateway)) === 404, 10_000);
    }

    const fromOne = await sendThrough(one, 'sent through one');
    const fromOther = await sendThrough(other, 'sent through the other');

    expect([await headStatus(other, fromOne), await headStatus(one, fromOther)]).toEqual([200, 200]);
    expect((await fetch(other.streamUrl(fromOne), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(one.streamUrl(fromOther), { method: 'DELETE' })).status).toBe(204);
  }, 60_000);

  it('answers 503 and gives out no id while it cannot read the secret, and serves once it can', async () => {
    const stream = messageIdSecretStream(blocked);
    // A classic queue in the stream's place: the gateway's declare of the stream is refused.
    await broker.withChannel((channel) => channel.assertQueue(stream, { durable: true }));
    const gateway = await startGateway(blocked);
    const { chat_id } = await gateway.startChat();

    const refused = await gateway.send(chat_id, { text: 'no secret, no id' });

    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      statusCode: 503,
      message: `The message broker is unavailable (reading the gateways' shared message id secret from ${stream})`,
      error: 'Service Unavailable',
    });
    expect(await unknownMessageStatus(gateway)).toBe(503);

    await broker.deleteQueue(stream);
    await waitFor('the gateway to read its secret', async () => (await unknownMessageStatus(gateway)) === 404, 10_000);
    const accepted = await gateway.sendOk(chat_id, { text: 'now there is one' });
    expect(await headStatus(gateway, accepted)).toBe(200);
    expect((await fetch(gateway.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
  }, 60_000);
});
