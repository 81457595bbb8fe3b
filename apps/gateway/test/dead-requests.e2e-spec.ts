import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEAD_REQUESTS_EXCHANGE, deadRequestsQueue, REPLY_QUEUE_OPTIONS, replyQueueName } from '@app/contracts';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { ChatClient } from '../../../test/support/chat-client';
import { applyPolicyToQueue, describeIfRabbitmqctl } from '../../../test/support/rabbitmqctl';
import { readSse } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';
import { createGatewayApp } from '../src/gateway.app';

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
    const noWorker = [{ event: 'error', data: '{"code":"worker_error","message":"No worker available: nobody took the request in time"}' }];

    expect((await readSse(client.streamUrl(accepted))).events).toEqual(noWorker);
    expect((await broker.queue(stack.requestsQueue))?.messageCount).toBe(0);
    // A client that missed the error gets it too, until it releases the answer.
    expect((await readSse(client.streamUrl(accepted))).events).toEqual(noWorker);
    expect((await fetch(client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    await waitFor('the reply queue to go', async () => (await broker.queue(replyQueueName(accepted.message_id))) === null);
  });
});

describeWithRabbitmqctl('two deployments on one broker, each with its own REQUESTS_QUEUE', () => {
  // Ours loses its gateways for a while; theirs keeps running throughout.
  let ours: TestStack;
  let theirs: TestStack;
  let ourGatewayAgain: INestApplication | undefined;
  let broker: BrokerInspector;
  const removePolicies: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ours = await startStack({ worker: false });
    theirs = await startStack({ worker: false });
    broker = await BrokerInspector.connect();
    for (const stack of [ours, theirs]) {
      removePolicies.push(
        await applyPolicyToQueue(stack.requestsQueue, { 'dead-letter-exchange': DEAD_REQUESTS_EXCHANGE, 'message-ttl': 300 }),
      );
    }
  });

  afterAll(async () => {
    for (const removePolicy of removePolicies) await removePolicy();
    await ourGatewayAgain?.close();
    await theirs.close();
    for (const queue of [ours.requestsQueue, ...[ours, theirs].map((stack) => deadRequestsQueue(stack.requestsQueue, 'classic').name)]) {
      await broker.deleteQueue(queue);
    }
    await broker.close();
  });

  it("keeps a dead request for its own deployment's gateways: another deployment's gateway never ends its stream", async () => {
    const ourDeadLetters = deadRequestsQueue(ours.requestsQueue, 'classic').name;
    await broker.waitForConsumers(ourDeadLetters, 1);
    await ours.gateway.close();
    const request = { chat_id: randomUUID(), chat_title: 'A title', message_id: randomUUID(), text: 'is anybody there?' };
    const replyQueue = replyQueueName(request.message_id);
    // As our gateway sends a message: its reply queue first, then the request.
    await broker.withChannel(async (channel) => {
      await channel.assertQueue(replyQueue, REPLY_QUEUE_OPTIONS);
      channel.sendToQueue(ours.requestsQueue, Buffer.from(JSON.stringify(request)), { persistent: true, contentType: 'application/json' });
    });

    await waitFor('the request to die, into our dead-letter queue', async () => (await broker.queue(ourDeadLetters))?.messageCount === 1);
    expect(await broker.queue(deadRequestsQueue(theirs.requestsQueue, 'classic').name)).toEqual({ messageCount: 0, consumerCount: 1 });
    expect(await broker.queue(replyQueue)).toEqual({ messageCount: 0, consumerCount: 0 });

    ourGatewayAgain = await createGatewayApp(ours.env, ['error']);
    await ourGatewayAgain.init();
    await waitFor('our gateway to end the stream', async () => (await broker.queue(replyQueue))?.messageCount === 1);
    const end = await broker.withChannel((channel) => channel.get(replyQueue, { noAck: true }));
    expect(end && JSON.parse(end.content.toString())).toEqual({
      chat_id: request.chat_id,
      chat_title: 'A title',
      message_id: request.message_id,
      text: '^*END*^',
      done: true,
      error: 'No worker available: nobody took the request in time',
    });
    expect(await broker.queue(ourDeadLetters)).toEqual({ messageCount: 0, consumerCount: 1 });
    await broker.deleteQueue(replyQueue);
  });
});
