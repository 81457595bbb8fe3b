import { DefaultChatTransport, readUIMessageStream, UIMessage, UIMessageChunk } from 'ai';
import { replyQueueName } from '@app/contracts';
import { answerText } from '../../../test/support/expected-answer';
import { useFakeUpstream } from '../../../test/support/fake-upstream';
import { startSecondGateway, useSecondGateway, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

function transportAt(baseUrl: string): DefaultChatTransport<UIMessage> {
  return new DefaultChatTransport({ api: `${baseUrl}/api/chat` });
}

function userMessage(id: string, text: string): UIMessage {
  return { id, role: 'user', parts: [{ type: 'text', text }] };
}

function send(baseUrl: string, chatId: string, messages: UIMessage[]): Promise<ReadableStream<UIMessageChunk>> {
  return transportAt(baseUrl).sendMessages({ chatId, messages, trigger: 'submit-message', messageId: undefined, abortSignal: undefined });
}

/** Every chunk, as the SDK's own parser (inside the transport) gives them. */
async function chunksOf(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

/** The assistant message the SDK builds from a stream (readUIMessageStream), as its text. */
async function messageTextOf(stream: ReadableStream<UIMessageChunk>): Promise<{ id: string; text: string }> {
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  const text = last?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
  return { id: last?.id ?? '', text };
}

let chatNumber = 0;
const newChatId = () => `chat${Date.now().toString(36)}${(chatNumber += 1)}`;

describe("the AI SDK's chat transport against the gateway (UI message stream)", () => {
  const fixture = useStack({ WORD_DELAY_MS: 25, COMPLETED_RETENTION_MS: 5000 });
  const other = useSecondGateway(fixture);

  const text = Array.from({ length: 30 }, (_, i) => `w${i + 1}`).join(' ');

  it('answers with the parts start, text-start, text-delta…, text-end, finish and the exact text', async () => {
    const message = 'Two  spaces,\na line break, ✓ and 😀';
    const response = await fetch(`${fixture.stack.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: newChatId(), messages: [userMessage('u1', message)], trigger: 'submit-message' }),
    });
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await response.text()).endsWith('data: [DONE]\n\n')).toBe(true);

    const chunks = await chunksOf(await send(fixture.stack.baseUrl, newChatId(), [userMessage('u1', message)]));
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'start',
      'text-start',
      ...chunks.filter((chunk) => chunk.type === 'text-delta').map(() => 'text-delta'),
      'text-end',
      'finish',
    ]);
    expect(chunks[0]).toEqual({ type: 'start', messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string });
    expect(chunks[1]).toEqual({ type: 'text-start', id: 'text' });
    const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
    expect(deltas.map((chunk) => chunk.delta).join('')).toBe(answerText(message));
    expect(deltas.every((chunk) => Object.keys(chunk).sort().join() === 'delta,id,type')).toBe(true);
    expect(chunks.at(-1)).toEqual({ type: 'finish' });
  });

  it('reconnects mid-answer on another gateway and yields the whole text exactly once', async () => {
    const chatId = newChatId();
    const first = (await send(fixture.stack.baseUrl, chatId, [userMessage('u1', text)])).getReader();
    const seen: UIMessageChunk[] = [];
    while (seen.filter((chunk) => chunk.type === 'text-delta').length < 5) seen.push((await first.read()).value!);
    // The first reader goes silent; the SDK, on another page load, reconnects.
    const resumed = await transportAt(other.baseUrl).reconnectToStream({ chatId });
    expect(resumed).not.toBeNull();
    const { id, text: whole } = await messageTextOf(resumed!);
    expect(whole).toBe(answerText(text));
    expect(id).toBe((seen[0] as { messageId: string }).messageId);
    await first.cancel();
  });

  it('reconnects after the end, within the retention, to the finished text', async () => {
    const chatId = newChatId();
    const sent = await messageTextOf(await send(fixture.stack.baseUrl, chatId, [userMessage('u1', 'done already')]));
    const again = await transportAt(other.baseUrl).reconnectToStream({ chatId });
    expect(await messageTextOf(again!)).toEqual(sent);
    expect(sent.text).toBe(answerText('done already'));
  });

  it('gets 204 (null from the SDK) for a chat with nothing in progress or kept', async () => {
    expect(await transportAt(fixture.stack.baseUrl).reconnectToStream({ chatId: newChatId() })).toBeNull();
    const head = await fetch(`${fixture.stack.baseUrl}/api/chat/${newChatId()}/stream`, { method: 'HEAD' });
    expect(head.status).toBe(204);
  });

  it('stops: DELETE ends the answer within a word, the reply queue is gone, a reconnect then gets 204', async () => {
    const chatId = newChatId();
    const reader = (await send(fixture.stack.baseUrl, chatId, [userMessage('u1', text)])).getReader();
    const chunks: UIMessageChunk[] = [];
    let messageId = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks.push(next.value);
      if (next.value.type === 'start') messageId = next.value.messageId!;
      if (chunks.length === 5) expect((await fetch(`${other.baseUrl}/api/chat/${chatId}/stream`, { method: 'DELETE' })).status).toBe(204);
    }
    expect(chunks.slice(-2).map((chunk) => chunk.type)).toEqual(['text-end', 'finish']);
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').length).toBeLessThan(answerText(text).split(' ').length);
    expect(await fixture.broker.queue(replyQueueName(messageId))).toBeNull();
    expect(await transportAt(fixture.stack.baseUrl).reconnectToStream({ chatId })).toBeNull();
    expect((await fetch(`${other.baseUrl}/api/chat/${chatId}/stream`, { method: 'DELETE' })).status).toBe(404);
  });

  it('resumes two reconnects that arrive together: both find the answer, each gets it whole or hears it moved', async () => {
    const chatId = newChatId();
    const sent = await messageTextOf(await send(fixture.stack.baseUrl, chatId, [userMessage('u1', text)]));
    const heads = await Promise.all(
      [fixture.stack.baseUrl, other.baseUrl].map((url) => fetch(`${url}/api/chat/${chatId}/stream`, { method: 'HEAD' })),
    );
    expect(heads.map((head) => head.status)).toEqual([200, 200]);
    const streams = await Promise.all([fixture.stack.baseUrl, other.baseUrl].map((url) => transportAt(url).reconnectToStream({ chatId })));
    const outcomes = await Promise.all(streams.map((stream) => chunksOf(stream!)));
    for (const chunks of outcomes) {
      const last = chunks.at(-1);
      const whole = chunks
        .filter((chunk) => chunk.type === 'text-delta')
        .map((chunk) => chunk.delta)
        .join('');
      if (last?.type === 'finish') expect(whole).toBe(sent.text);
      else expect(last).toEqual({ type: 'error', errorText: 'The answer moved to another connection' });
    }
    expect(outcomes.some((chunks) => chunks.at(-1)?.type === 'finish')).toBe(true);
  });

  it('finds the answer for 16 resumes at once, across two gateways', async () => {
    const chatId = newChatId();
    const reader = (await send(fixture.stack.baseUrl, chatId, [userMessage('u1', text)])).getReader();
    await reader.read();
    const urls = Array.from({ length: 16 }, (_, i) => `${i % 2 === 0 ? fixture.stack.baseUrl : other.baseUrl}/api/chat/${chatId}/stream`);
    const heads = await Promise.all(urls.map((url) => fetch(url, { method: 'HEAD' })));
    expect(heads.map((head) => head.status)).toEqual(urls.map(() => 200));
    await reader.cancel();
  });

  it("keeps each deployment's chats apart on a shared broker", async () => {
    const chatId = newChatId();
    await messageTextOf(await send(fixture.stack.baseUrl, chatId, [userMessage('u1', 'mine')]));
    const elsewhere = await startSecondGateway(fixture.stack, { REQUESTS_QUEUE: `${fixture.stack.requestsQueue}.elsewhere` });
    try {
      // The same chat id in another deployment: its request waits for a worker that never comes.
      const controller = new AbortController();
      await transportAt(elsewhere.baseUrl)
        .sendMessages({
          chatId,
          messages: [userMessage('u1', 'theirs')],
          trigger: 'submit-message',
          messageId: undefined,
          abortSignal: controller.signal,
        })
        .then(() => controller.abort());
      expect(await messageTextOf((await transportAt(other.baseUrl).reconnectToStream({ chatId }))!)).toMatchObject({
        text: answerText('mine'),
      });
    } finally {
      await elsewhere.app.close();
      await fixture.broker.deleteQueue(`${fixture.stack.requestsQueue}.elsewhere`);
    }
  });

  it('refuses what is not a chat request with 400, in the page API error shape', async () => {
    const last = await fetch(`${fixture.stack.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'c1', messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }] }] }),
    });
    expect(await last.json()).toEqual({
      statusCode: 400,
      message: "The last message must be the user's, the one to answer",
      error: 'Bad Request',
    });
  });

  it('refuses what is not a chat request with 400', async () => {
    const post = (body: unknown) =>
      fetch(`${fixture.stack.baseUrl}/api/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ id: '../x', messages: [userMessage('u1', 'x')] })).status).toBe(400);
    expect((await post({ id: 'c1', messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }] }] })).status).toBe(400);
    expect((await post({ id: 'c1', messages: [{ id: 'a', role: 'user', parts: [{ type: 'file', url: 'x' }] }] })).status).toBe(400);
    expect((await fetch(`${fixture.stack.baseUrl}/api/chat/bad.id/stream`)).status).toBe(400);
    const longEarlierTurn = await post({
      id: 'c1',
      messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'y'.repeat(12_001) }] }, userMessage('u1', 'x')],
    });
    expect(await longEarlierTurn.json()).toEqual({
      statusCode: 400,
      message: 'The messages before the last must hold at most 12000 characters in all (MAX_HISTORY_LENGTH)',
      error: 'Bad Request',
    });
  });
});

describe('the AI SDK chat in front of a model server: a stop reaches the model', () => {
  const fake = useFakeUpstream();
  const fixture = useStack(() => ({ GENERATOR: 'openai', UPSTREAM_BASE_URL: fake.upstream.baseUrl, UPSTREAM_MODEL: 'm' }));

  it('aborts the upstream request within a chunk of the DELETE', async () => {
    fake.upstream.reply = () => ({ deltas: Array.from({ length: 200 }, (_, i) => ` t${i}`), intervalMs: 30 });
    const chatId = newChatId();
    const reader = (await send(fixture.stack.baseUrl, chatId, [userMessage('u1', 'go on')])).getReader();
    let deltas = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (next.value.type === 'text-delta' && ++deltas === 3)
        await fetch(`${fixture.stack.baseUrl}/api/chat/${chatId}/stream`, { method: 'DELETE' });
    }
    const upstream = fake.upstream.requests.at(-1)!;
    await waitFor('the upstream to see its client abort', () => upstream.abortedAfterChunks !== undefined, 5000);
    // The role chunk, three deltas, and at most one more on its way.
    expect(upstream.abortedAfterChunks).toBeLessThanOrEqual(6);
  });
});
