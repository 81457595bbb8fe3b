import { replyQueueName } from '@app/contracts';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, readSseWhile } from '../../../test/support/sse-client';
import { startStack, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

describe('a browser that goes away', () => {
  const env = useStack({ WORD_DELAY_MS: 100 });

  it('releases its consumer at once and leaves the rest of the answer queued for a reconnect', async () => {
    const { chat_id } = await env.client.startChat();
    const text = 'one two three four five six';
    const accepted = await env.client.sendOk(chat_id, { text });
    const queue = replyQueueName(accepted.message_id);

    const first = await readSse(env.client.streamUrl(accepted), { stopWhen: (events) => events.length >= 3 });
    expect(first.disconnected).toBe(true);
    await waitFor('the consumer to go', async () => (await env.broker.queue(queue))?.consumerCount === 0, 2000);

    const words = answerWords(text);
    expect(wordTexts(first.events)).toEqual(words.slice(0, 3));
    // Say only two words made it to the screen: the third, relayed but unconfirmed, must come again.
    const resumed = await readSse(env.client.streamUrl(accepted), { headers: { 'Last-Event-ID': '2' } });
    expect(wordTexts(resumed.events)).toEqual(words.slice(2));
    expect(resumed.events.map((event) => event.id).slice(0, 2)).toEqual(['3', '4']);
    expect(resumed.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    // Kept as one transcript for another resume, until the client releases it.
    await waitFor('the answer to be kept whole', async () => (await env.broker.queue(queue))?.messageCount === 1, 2000);
    expect((await fetch(env.client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    expect(await env.broker.queue(queue)).toBeNull();
  });

  it('resumes on another gateway, with the lastEventId query parameter, losing and repeating nothing', async () => {
    const other = await startStack({ worker: false });
    try {
      const { chat_id } = await env.client.startChat();
      const text = 'alpha beta gamma delta';
      const accepted = await env.client.sendOk(chat_id, { text });

      const first = await readSse(env.client.streamUrl(accepted), { stopWhen: (events) => events.length >= 5 });
      const seen = wordTexts(first.events);
      const resumed = await readSse(`${new ChatClient(other.baseUrl).streamUrl(accepted)}?lastEventId=${first.events.at(-1)!.id}`);

      expect([...seen, ...wordTexts(resumed.events)]).toEqual(answerWords(text));
      expect(resumed.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    } finally {
      await other.close();
    }
  });
});

describe('a browser that does not come back', () => {
  const env = useStack({ WORD_DELAY_MS: 50, RESUME_WINDOW_MS: 300 });

  it('has its answer abandoned once the resume window has passed', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'w '.repeat(500) });
    await readSse(env.client.streamUrl(accepted), { stopWhen: (events) => events.length >= 2 });

    await waitFor(
      'the reply queue to be deleted',
      async () => (await env.broker.queue(replyQueueName(accepted.message_id))) === null,
      3000,
    );
    const late = await readSse(env.client.streamUrl(accepted));
    expect(late.status).toBe(404);
  });

  it('keeps an answer whose client came back within the window', async () => {
    const { chat_id } = await env.client.startChat();
    const text = 'w '.repeat(20);
    const accepted = await env.client.sendOk(chat_id, { text });
    const first = await readSse(env.client.streamUrl(accepted), { stopWhen: (events) => events.length >= 2 });
    const resumed = await readSse(env.client.streamUrl(accepted), { headers: { 'Last-Event-ID': first.events[1].id! } });
    expect([...wordTexts(first.events), ...wordTexts(resumed.events)]).toEqual(answerWords(text));
  });
});

describe('stopping an answer', () => {
  const env = useStack({ WORD_DELAY_MS: 50 });

  it('ends the open stream, deletes the reply queue and then knows the message no more', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'w '.repeat(500) });
    const result = await readSseWhile(env.client.streamUrl(accepted), 3, () => fetch(env.client.streamUrl(accepted), { method: 'DELETE' }));

    expect(result.actionResult.status).toBe(204);
    expect(result.events.at(-1)).toEqual({
      event: 'error',
      data: '{"code":"gone","message":"The stream was interrupted: the answer was cancelled or has expired"}',
    });
    expect(wordTexts(result.events).length).toBeLessThan(answerWords('w '.repeat(500)).length);
    expect(await env.broker.queue(replyQueueName(accepted.message_id))).toBeNull();
    expect((await fetch(env.client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 400 for ids that are not UUIDs', async () => {
    expect((await fetch(`${env.stack.baseUrl}/stream/x/y`, { method: 'DELETE' })).status).toBe(400);
  });
});

describe('a worker that stays silent', () => {
  const env = useStack({ worker: false, STREAM_IDLE_TIMEOUT_MS: 300 });

  it('ends the stream with an error event that says why, and removes the reply queue', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'anyone there?' });

    const result = await readSse(env.client.streamUrl(accepted));

    expect(result.status).toBe(200);
    expect(result.events).toEqual([
      { event: 'error', data: '{"code":"worker_silent","message":"No answer from the worker for 0.3 s; the message was abandoned"}' },
    ]);
    await waitFor('the reply queue to go', async () => (await env.broker.queue(replyQueueName(accepted.message_id))) === null, 2000);
  });
});
