import { DEAD_REQUESTS_EXCHANGE, replyQueueName } from '@app/contracts';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { ChatClient } from '../../../test/support/chat-client';
import { applyPolicyToQueue, describeIfRabbitmqctl } from '../../../test/support/rabbitmqctl';
import { readSse } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const describeWithRabbitmqctl = describeIfRabbitmqctl('the dead-letter tests');

describeWithRabbitmqctl('a request no worker takes in time', () => {
  let stack: TestStack;
  let broker: BrokerInspector;
  let removePolicy: () => Promise<void>;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    broker = await BrokerInspector.connect();
    // The documented policy, with a TTL shortened from 5 minutes so that the test does not wait for it.
    removePolicy = await applyPolicyToQueue(stack.requestsQueue, { 'dead-letter-exchange': DEAD_REQUESTS_EXCHANGE, 'message-ttl': 300 });
  });

  afterAll(async () => {
    await removePolicy();
    await stack.close();
    await broker.close();
  });

  it('ends its stream with "no worker available" well before the idle timeout, and says so again to a resume', async () => {
    const client = new ChatClient(stack.baseUrl);
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: 'is anybody there?' });
    const noWorker = [{ event: 'error', data: 'No worker available: nobody took the request in time' }];

    expect((await readSse(client.streamUrl(accepted))).events).toEqual(noWorker);
    expect((await broker.queue(stack.requestsQueue))?.messageCount).toBe(0);
    // A client that missed the error gets it too, until it releases the answer.
    expect((await readSse(client.streamUrl(accepted))).events).toEqual(noWorker);
    expect((await fetch(client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    await waitFor('the reply queue to go', async () => (await broker.queue(replyQueueName(accepted.message_id))) === null);
  });
});
