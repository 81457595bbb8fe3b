import { DEAD_REQUESTS_EXCHANGE } from '@app/contracts';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { applyPolicyToQueue, describeIfRabbitmqctl, queueType } from '../../../test/support/rabbitmqctl';
import { readSse } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

describeIfRabbitmqctl('the quorum requests queue tests')('REQUESTS_QUEUE_TYPE=quorum', () => {
  describe('with a worker', () => {
    let stack: TestStack;

    beforeAll(async () => {
      stack = await startStack({ REQUESTS_QUEUE_TYPE: 'quorum' });
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('declares the requests queue as a quorum queue, and answers through it as through a classic one', async () => {
      expect(await queueType(stack.requestsQueue)).toBe('quorum');
      const client = new ChatClient(stack.baseUrl);
      const { chat_id } = await client.startChat();
      const accepted = await client.sendOk(chat_id, { text: 'replicated request' });
      const result = await readSse(client.streamUrl(accepted));
      expect(wordTexts(result.events)).toEqual(answerWords('replicated request'));
      expect(result.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    });
  });

  describe('with no worker, under the dead-letter policy', () => {
    let stack: TestStack;
    let removePolicy: () => Promise<void>;

    beforeAll(async () => {
      stack = await startStack({ REQUESTS_QUEUE_TYPE: 'quorum', worker: false });
      removePolicy = await applyPolicyToQueue(stack.requestsQueue, { 'dead-letter-exchange': DEAD_REQUESTS_EXCHANGE, 'message-ttl': 300 });
    });

    afterAll(async () => {
      await removePolicy?.();
      await stack?.close();
    });

    it('ends the stream with "no worker available", as with a classic queue', async () => {
      const client = new ChatClient(stack.baseUrl);
      const { chat_id } = await client.startChat();
      const accepted = await client.sendOk(chat_id, { text: 'anybody?' });
      expect((await readSse(client.streamUrl(accepted))).events).toEqual([
        { event: 'error', data: '{"code":"worker_error","message":"No worker available: nobody took the request in time"}' },
      ]);
    });
  });
});
