import { randomUUID } from 'node:crypto';
import { END_MARKER, replyQueueName } from '@app/contracts';
import { BodyEncoding, ChatClient } from '../../../test/support/chat-client';
import { answerTokens, answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse } from '../../../test/support/sse-client';
import { startStack, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('chat streaming over HTTP and SSE', () => {
  const env = useStack({ WORD_DELAY_MS: 0 });

  it('starts a chat with a random UUID v4 and the placeholder title', async () => {
    const first = await env.client.startChat();
    const second = await env.client.startChat();
    expect(first.chat_id).toMatch(UUID_V4);
    expect(second.chat_id).not.toBe(first.chat_id);
    expect(first.chat_title).toBe('New Chat');
  });

  it.each<BodyEncoding>(['multipart', 'urlencoded', 'json'])(
    'streams the exact answer for a %s body, then the end events',
    async (encoding) => {
      const { chat_id } = await env.client.startChat();
      const text = `hello from ${encoding}\n^*END*^  <b>still</b>\r\nwords`;
      const title = `hello from ${encoding} ^*END*^ <b>still</b> words`;
      const accepted = await env.client.sendOk(chat_id, { text, chat_title: 'New Chat' }, encoding);
      expect(accepted).toEqual({ chat_id, chat_title: title, message_id: expect.stringMatching(UUID_V4) });

      const result = await readSse(env.client.streamUrl(accepted));

      expect(result.status).toBe(200);
      expect(result.headers['content-type']).toMatch(/^text\/event-stream/);
      // A multipart encoder sends every line break as CR LF (the HTML standard's rule for form data);
      // the worker echoes the text as the gateway received it.
      const received = encoding === 'multipart' ? text.replace(/\r?\n/g, '\r\n') : text;
      const words = answerWords(received);
      const tokens = answerTokens(received);
      expect(wordTexts(result.events)).toEqual(words);
      const wordEvents = result.events.slice(0, words.length);
      wordEvents.forEach((event, index) => {
        expect(event.id).toBe(String(index + 1));
        expect(JSON.parse(event.data)).toEqual({
          chat_id,
          chat_title: title,
          message_id: accepted.message_id,
          text: tokens[index].text,
          sep: tokens[index].sep,
          seq: index + 1,
        });
      });
      expect(result.events.slice(words.length)).toEqual([
        {
          event: 'message',
          id: String(words.length + 1),
          data: JSON.stringify({
            chat_id,
            chat_title: title,
            message_id: accepted.message_id,
            text: END_MARKER,
            seq: words.length + 1,
            done: true,
          }),
        },
        { event: 'end', data: 'Stream ended' },
      ]);
    },
  );

  it('keeps the finished answer as one message until the client releases it, then answers 404', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'short' });
    const queue = replyQueueName(accepted.message_id);
    expect(await env.broker.queue(queue)).not.toBeNull();

    const first = await readSse(env.client.streamUrl(accepted));
    await waitFor('the answer to be kept whole', async () => (await env.broker.queue(queue))?.messageCount === 1, 2000);
    const again = await readSse(env.client.streamUrl(accepted));
    expect(again.events).toEqual(first.events);

    expect((await fetch(env.client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    expect(await env.broker.queue(queue)).toBeNull();
    const released = await readSse(env.client.streamUrl(accepted));
    expect(released.status).toBe(404);
    expect(JSON.parse(released.body)).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers HEAD with the stream headers and nothing else, leaving the answer as it was', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'peek' });
    const queue = replyQueueName(accepted.message_id);
    await waitFor(
      'the whole answer in the queue',
      async () => (await env.broker.queue(queue))?.messageCount === answerWords('peek').length + 1,
      5000,
    );

    const head = await fetch(env.client.streamUrl(accepted), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await head.text()).toBe('');
    expect(await env.broker.queue(queue)).toEqual({ messageCount: answerWords('peek').length + 1, consumerCount: 0 });
    expect(wordTexts((await readSse(env.client.streamUrl(accepted))).events)).toEqual(answerWords('peek'));
    expect((await fetch(`${env.stack.baseUrl}/stream/${chat_id}/${randomUUID()}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('keeps a title the client chose and generates one from the text otherwise', async () => {
    const { chat_id } = await env.client.startChat();
    const kept = await env.client.sendOk(chat_id, { text: 'anything', chat_title: 'Trip planning' });
    const generated = await env.client.sendOk(chat_id, { text: `${'long '.repeat(30)}end` });
    expect(kept.chat_title).toBe('Trip planning');
    expect(generated.chat_title).toBe(`${'long '.repeat(19)}long…`);
    await Promise.all([readSse(env.client.streamUrl(kept)), readSse(env.client.streamUrl(generated))]);
  });

  it('puts the request on the requests queue as a persistent JSON message named by its message_id', async () => {
    const { chat_id } = await env.client.startChat();
    // A gateway without a worker, so the request stays on the queue to be read back.
    const quiet = await startStack({ worker: false });
    try {
      const accepted = await new ChatClient(quiet.baseUrl).sendOk(chat_id, { text: 'persist me' });
      const message = await env.broker.withChannel((channel) => channel.get(quiet.requestsQueue, { noAck: true }));
      expect(message).not.toBe(false);
      if (!message) return;
      expect(message.properties).toMatchObject({ messageId: accepted.message_id, contentType: 'application/json', deliveryMode: 2 });
      expect(JSON.parse(message.content.toString())).toEqual({ ...accepted, text: 'persist me' });
      await env.broker.deleteQueue(replyQueueName(accepted.message_id));
    } finally {
      await quiet.close();
    }
  });
});
