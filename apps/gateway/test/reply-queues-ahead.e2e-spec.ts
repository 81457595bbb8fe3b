import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { replyQueueName } from '@app/contracts';
import { CHAT_POOL, ReadyReplyQueues } from '../src/reply-queues/ready-reply-queues';
import { GatewayMetrics } from '../src/metrics/gateway-metrics';
import { ReplyQueues } from '../src/reply-queues/reply-queues';
import { MessageIds } from '../src/security/message-ids';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse } from '../../../test/support/sse-client';
import { startStack, useStack } from '../../../test/support/test-stack';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { waitFor } from '../../../test/support/wait-for';

/** Pools over the stack's real reply queues, at most `maxPools` of them, waiting `firstWordWaitMs` for a first word. */
class SmallReadyReplyQueues extends ReadyReplyQueues {
  constructor(
    replyQueues: ReplyQueues,
    metrics: GatewayMetrics,
    protected readonly maxPools: number,
    protected readonly firstWordWaitMs = 1000,
  ) {
    super(replyQueues, metrics);
  }
}

describe("a chat's next reply queue, declared ahead", () => {
  const env = useStack();
  const ready = () => env.stack.gateway.get(ReadyReplyQueues);
  const ids = () => env.stack.gateway.get(MessageIds);
  const readyFor = (chatId: string) => ready().readyMessageIds.filter((id) => ids().belongsTo(id, chatId));

  it("is declared from the chat's second message on, and taken by its next, which streams exactly", async () => {
    const { chat_id } = await env.client.startChat();
    // Read whole, so that its first word was out: a pool that started here would refill now.
    await readSse(env.client.streamUrl(await env.client.sendOk(chat_id, { text: 'first' })));
    // A chat of one message would waste a queue declared ahead.
    await sleep(300);
    expect(readyFor(chat_id)).toEqual([]);
    await env.client.sendOk(chat_id, { text: 'second' });
    await waitFor('the next queue declared ahead', () => readyFor(chat_id).length >= CHAT_POOL.min, 5000);
    const [ahead] = readyFor(chat_id);
    expect(await env.broker.queue(replyQueueName(ahead))).toMatchObject({ messageCount: 0, consumerCount: 0 });

    const third = await env.client.sendOk(chat_id, { text: 'third message' });

    expect(third.message_id).toBe(ahead);
    expect(ready().readyMessageIds).not.toContain(ahead);
    const result = await readSse(env.client.streamUrl(third));
    expect(wordTexts(result.events)).toEqual(answerWords('third message'));
    // Refilled once the answer's first word was out.
    await waitFor('the pool to refill', () => readyFor(chat_id).length >= CHAT_POOL.min, 5000);
  });

  it("is never given to another chat, and another chat's GET of it is a 404", async () => {
    const [a, b] = [await env.client.startChat(), await env.client.startChat()];
    for (const text of ['a', 'a again']) await env.client.sendOk(a.chat_id, { text });
    // Two messages within a second: the chat keeps two ready.
    await waitFor("a's next queues", () => readyFor(a.chat_id).length === CHAT_POOL.max, 5000);
    const aheadOfA = readyFor(a.chat_id);

    const fromB = await env.client.sendOk(b.chat_id, { text: 'b' });

    expect(aheadOfA).not.toContain(fromB.message_id);
    expect(ids().belongsTo(fromB.message_id, b.chat_id)).toBe(true);
    expect(readyFor(a.chat_id)).toEqual(aheadOfA);
    const foreign = await fetch(env.client.streamUrl({ chat_id: b.chat_id, message_id: aheadOfA[0] }));
    expect(foreign.status).toBe(404);
    await foreign.body?.cancel();
    expect(await env.broker.queue(replyQueueName(aheadOfA[0]))).not.toBeNull();
  });

  it('keeps at most its number of pools, deleting the queues of the least recently used', async () => {
    const small = new SmallReadyReplyQueues(env.stack.gateway.get(ReplyQueues), env.stack.gateway.get(GatewayMetrics), 2);
    const chats = [randomUUID(), randomUUID(), randomUUID()];
    const take = (chatId: string) =>
      small.withReadyQueue({ key: `chat:${chatId}`, newId: () => ids().newFor(chatId), size: { ...CHAT_POOL, from: 1 } }, (messageId) =>
        Promise.resolve(messageId),
      );
    const taken = [await take(chats[0]), await take(chats[1])];
    await waitFor('both pools filled', () => small.readyMessageIds.length === 2, 5000);
    const [aheadOfFirst] = small.readyMessageIds.filter((id) => ids().belongsTo(id, chats[0]));

    taken.push(await take(chats[2]));

    expect(small.readyMessageIds).not.toContain(aheadOfFirst);
    await waitFor('the evicted queue to be deleted', async () => (await env.broker.queue(replyQueueName(aheadOfFirst))) === null, 5000);
    await waitFor('the new pool filled', () => small.readyMessageIds.length === 2, 5000);
    const left = small.readyMessageIds;
    await small.beforeApplicationShutdown();
    expect(await env.broker.present([...left, ...taken].map(replyQueueName))).toEqual(taken.map(replyQueueName));
    await env.broker.deleteQueues(taken.map(replyQueueName));
  });
});

describe('a pool of reply queues', () => {
  const env = useStack();

  it("refills once the message's first word is out, and not before", async () => {
    const gateway = env.stack.gateway;
    const pools = new SmallReadyReplyQueues(gateway.get(ReplyQueues), gateway.get(GatewayMetrics), 10, 3_600_000);
    const chatId = randomUUID();
    const owner = { key: `chat:${chatId}`, newId: () => gateway.get(MessageIds).newFor(chatId), size: { ...CHAT_POOL, from: 1 } };
    const messageId = await pools.withReadyQueue(owner, (id) => Promise.resolve(id));
    await sleep(300);
    expect(pools.readyMessageIds).toEqual([]);

    pools.firstWordOut(messageId);

    await waitFor('the pool to refill', () => pools.readyMessageIds.length === CHAT_POOL.min, 5000);
    const ahead = pools.readyMessageIds;
    await pools.beforeApplicationShutdown();
    await env.broker.deleteQueue(replyQueueName(messageId));
    expect(await env.broker.present([messageId, ...ahead].map(replyQueueName))).toEqual([]);
  });
});

describe('reply queues declared ahead at shutdown', () => {
  it('are deleted when the gateway stops', async () => {
    const stack = await startStack();
    const broker = await BrokerInspector.connect();
    try {
      const client = new ChatClient(stack.baseUrl);
      const { chat_id } = await client.startChat();
      for (const text of ['one', 'two']) await readSse(client.streamUrl(await client.sendOk(chat_id, { text })));
      const readyQueues = stack.gateway.get(ReadyReplyQueues);
      await waitFor('a queue declared ahead', () => readyQueues.readyMessageIds.length > 0, 5000);
      const ahead = readyQueues.readyMessageIds.map(replyQueueName);
      expect(await broker.present(ahead)).toEqual(ahead);

      await stack.close();

      expect(await broker.present(ahead)).toEqual([]);
    } finally {
      await broker.close();
    }
  });
});
