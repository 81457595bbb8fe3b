import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { Stream } from 'openai/core/streaming';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { replyQueueName } from '@app/contracts';
import { ReadyReplyQueues } from '../src/reply-queues/ready-reply-queues';
import { answerText, answerTokens } from '../../../test/support/expected-answer';
import { useFakeUpstream } from '../../../test/support/fake-upstream';
import { useSecondGateway, useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const API_KEY = 'sk-test-0123456789abcdef';

function clientOf(baseUrl: string, apiKey = API_KEY): OpenAI {
  return new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, maxRetries: 0 });
}

/** Every chunk of a stream, read with the SDK's own iterator. */
async function chunksOf(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function contentOf(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

/** What the SDK throws, or a failure when it throws nothing. */
async function thrownBy(action: () => Promise<unknown>): Promise<APIError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

/**
 * Runs the README's OpenAI script as written, against `baseUrl` (and with `apiKey`, when given), and
 * resolves with what it printed. It is written under node_modules, so that its imports resolve as
 * they would in a project that installed openai.
 */
async function runReadmeScript(baseUrl: string, apiKey?: string): Promise<string> {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const script = /## OpenAI clients[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(script).toContain("'http://localhost:8080/v1'");
  expect(script).toContain("apiKey: 'none'");
  const dir = join(__dirname, '../../../node_modules/.cache/readme-scripts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `openai-${process.pid}-${apiKey ? 'keyed' : 'open'}.mjs`);
  const adapted = script.replace("'http://localhost:8080/v1'", `'${baseUrl}/v1'`);
  writeFileSync(file, apiKey ? adapted.replace("apiKey: 'none'", `apiKey: '${apiKey}'`) : adapted);
  try {
    return (await promisify(execFile)(process.execPath, [file], { timeout: 20_000 })).stdout;
  } finally {
    rmSync(file, { force: true });
  }
}

/** The words of the echo answer to `text`, as the echo worker counts tokens. */
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('POST /v1/chat/completions, with the echo worker, read by the openai client', () => {
  const fixture = useStack({ COMPLETED_RETENTION_MS: 3000 });
  const openai = () => clientOf(fixture.stack.baseUrl);

  it('streams the answer as chunks: one id and created, the role first, the exact text, finish_reason stop, usage, [DONE]', async () => {
    const text = 'Line one,  with two spaces\nline two: héllo ✓ 😀\n\n- a list';
    const stream = await openai().chat.completions.create({
      model: 'echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: text },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await chunksOf(stream);

    expect(contentOf(chunks)).toBe(answerText(text));
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0].id).toMatch(/^chatcmpl-/);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'echo')).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const finishes = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean);
    expect(finishes).toEqual(['stop']);
    const completionTokens = answerTokens(text).length;
    const promptTokens = wordCount('Be brief.') + wordCount(text);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  });

  it('sends each content chunk with an SSE id (its seq), and ends with data: [DONE]', async () => {
    const response = await fetch(`${fixture.stack.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'one two' }], stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = await response.text();
    const ids = [...body.matchAll(/^id: (\d+)$/gm)].map(([, id]) => Number(id));
    // Ten words and the finish chunk.
    expect(ids).toEqual(Array.from({ length: answerTokens('one two').length + 1 }, (_, i) => i + 1));
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('answers without stream as one chat.completion', async () => {
    const completion = await openai().chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'Hi  there\nyou' }] });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'echo',
      choices: [{ index: 0, message: { role: 'assistant', content: answerText('Hi  there\nyou') }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: answerTokens('Hi  there\nyou').length },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
  });

  it('stops at max_tokens (or max_completion_tokens) with finish_reason length', async () => {
    const completion = await openai().chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'x' }], max_tokens: 3 });
    expect(completion.choices[0]).toMatchObject({ message: { content: 'This is generated ' }, finish_reason: 'length' });
    const stream = await openai().chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'x' }],
      max_completion_tokens: 2,
      stream: true,
    });
    const chunks = await chunksOf(stream);
    expect(contentOf(chunks)).toBe('This is ');
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('length');
  });

  it('takes reply queues declared ahead, and keeps a few ready', async () => {
    const ready = fixture.stack.gateway.get(ReadyReplyQueues);
    await openai().chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'warm up' }] });
    await waitFor('queues declared ahead', () => ready.readyMessageIds.length >= 2, 5000);
    const before = ready.readyMessageIds;
    const completion = await openai().chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'from the pool' }] });
    expect(completion.choices[0].message.content).toBe(answerText('from the pool'));
    // The completion's queue was one of those ready, and is no longer; the pool refills to its size again.
    const messageId = /^chatcmpl-(.{36})-/.exec(completion.id)![1];
    expect(before).toContain(messageId);
    expect(ready.readyMessageIds).not.toContain(messageId);
    await waitFor('the pool to refill', () => ready.readyMessageIds.length >= before.length, 5000);
  });

  it('lists the models', async () => {
    const models = await openai().models.list();
    expect(models.data).toEqual([
      { id: 'echo', object: 'model', created: expect.any(Number) as number, owned_by: 'rabbitmq-word-streaming' },
    ]);
  });

  it.each([
    [
      'an unknown model',
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
      404,
      'The model `gpt-4o` does not exist; GET /v1/models lists the models',
    ],
    [
      'a tool message',
      { model: 'echo', messages: [{ role: 'tool', content: 'x', tool_call_id: 'a' }] },
      400,
      'messages.0.role must be one of system, user, assistant: other roles are not supported',
    ],
    [
      'content parts',
      { model: 'echo', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
      400,
      'messages.0.content must be a string: content parts are not supported',
    ],
    [
      'an assistant message last',
      {
        model: 'echo',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y' },
        ],
      },
      400,
      "The last message must be the user's, the one to answer",
    ],
    [
      'a blank last message',
      { model: 'echo', messages: [{ role: 'user', content: ' \u200b ' }] },
      400,
      'The last message must not be blank',
    ],
    ['no messages', { model: 'echo', messages: [] }, 400, 'messages should not be empty'],
    ['n of 2', { model: 'echo', messages: [{ role: 'user', content: 'x' }], n: 2 }, 400, 'n must be 1: one choice per completion'],
    [
      'a long stop sequence',
      { model: 'echo', messages: [{ role: 'user', content: 'x' }], stop: ['x'.repeat(257)] },
      400,
      'stop must be a string or an array of at most 4 strings, each at most 256 characters',
    ],
    [
      'a long model name',
      { model: 'm'.repeat(300), messages: [{ role: 'user', content: 'x' }] },
      400,
      'model must be shorter than or equal to 256 characters',
    ],
  ])('refuses %s with the status and OpenAI error the client throws', async (_, body, status, message) => {
    const error = await thrownBy(() => openai().chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming));
    expect(error.status).toBe(status);
    expect(error.error).toMatchObject({ message, type: 'invalid_request_error' });
  });

  it('ignores fields it does not know, as OpenAI-compatible servers do', async () => {
    const completion = await openai().chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'ok', name: 'ann' }],
      user: 'u-1',
      seed: 7,
      presence_penalty: 0.5,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(completion.choices[0].message.content).toBe(answerText('ok'));
  });

  it('refuses earlier messages over MAX_HISTORY_LENGTH in all, whatever the last one', async () => {
    const error = await thrownBy(() =>
      openai().chat.completions.create({
        model: 'echo',
        messages: [
          { role: 'system', content: 's'.repeat(12_001) },
          { role: 'user', content: 'x' },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({
      message: 'The messages before the last must hold at most 12000 characters in all (MAX_HISTORY_LENGTH)',
      param: 'messages',
    });
  });

  it('refuses before routing in OpenAI shape too: a foreign Host (421), a repeated Authorization (400)', async () => {
    const raw = (headers: Record<string, string | string[]>) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const request = httpRequest(`${fixture.stack.baseUrl}/v1/models`, { headers }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }));
        });
        request.on('error', reject);
        request.end();
      });
    expect(await raw({ Host: 'evil.example' })).toEqual({
      status: 421,
      body: {
        error: {
          message: 'This gateway does not answer for evil.example (ALLOWED_HOSTS)',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    });
    expect(await raw({ Authorization: ['Bearer a-0123456789abcdef', 'Bearer b-0123456789abcdef'] })).toEqual({
      status: 400,
      body: { error: { message: 'The Authorization header must be given once', type: 'invalid_request_error', param: null, code: null } },
    });
  });

  it('answers 404 for an unknown completion without repeating its id', async () => {
    const id = `chatcmpl-${'x'.repeat(5000)}`;
    const response = await fetch(`${fixture.stack.baseUrl}/v1/chat/completions/${id}/stream`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'No such completion: the id is unknown, or the completion was cancelled, released or expired',
        type: 'invalid_request_error',
        param: null,
        code: 'not_found',
      },
    });
  });

  it('refuses a body that is not JSON with 415, in OpenAI shape', async () => {
    const response = await fetch(`${fixture.stack.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'model=echo',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: {
        message: 'Send the body as application/json, not application/x-www-form-urlencoded',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });
});

describe('resuming and stopping an OpenAI stream', () => {
  const fixture = useStack({ WORD_DELAY_MS: 30, COMPLETED_RETENTION_MS: 5000, RESUME_WINDOW_MS: 500 });
  const other = useSecondGateway(fixture);

  const text = Array.from({ length: 40 }, (_, i) => `w${i + 1}`).join(' ');

  it('resumes after a silent drop on another gateway, exactly from the next chunk, read with the SDK parser', async () => {
    const stream = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: text }],
      stream: true,
    });
    const seen: ChatCompletionChunk[] = [];
    const iterator = stream[Symbol.asyncIterator]();
    // The role chunk and five content chunks; then the client reads no more, and closes nothing.
    while (seen.length < 6) seen.push((await iterator.next()).value as ChatCompletionChunk);
    const contentChunks = seen.filter((chunk) => chunk.choices[0]?.delta.content).length;

    const response = await fetch(`${other.baseUrl}/v1/chat/completions/${seen[0].id}/stream`, {
      headers: { 'Last-Event-ID': String(contentChunks) },
    });
    expect(response.status).toBe(200);
    const rest = await chunksOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, new AbortController()));

    expect(contentOf(seen) + contentOf(rest)).toBe(answerText(text));
    expect(rest.every((chunk) => chunk.id === seen[0].id && chunk.created === seen[0].created && chunk.model === 'echo')).toBe(true);
    expect(rest.at(-1)?.choices[0].finish_reason).toBe('stop');
    // The first stream, read on, ends with the error chunk that says where the answer went.
    const error = await thrownBy(async () => {
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
    });
    expect(error.error).toMatchObject({ message: 'The answer moved to another connection', code: 'moved' });
  });

  it("runs the README's script: it streams, drops the connection after five chunks, resumes, and prints the whole answer once", async () => {
    expect(await runReadmeScript(fixture.stack.baseUrl)).toBe(answerText('Tell me about RabbitMQ'));
  });

  it('resumed after its finish chunk, sends only what follows it: [DONE]', async () => {
    const completion = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'a b' }],
    });
    const finishId = answerTokens('a b').length + 1;
    const body = await (await fetch(`${other.baseUrl}/v1/chat/completions/${completion.id}/stream?after=${finishId}`)).text();
    expect(body).toBe('retry: 1000\n\ndata: [DONE]\n\n');
  });

  it('replays a finished completion within its retention, from ?after=', async () => {
    const completion = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'a b' }],
    });
    const response = await fetch(`${other.baseUrl}/v1/chat/completions/${completion.id}/stream?after=3`);
    const rest = await chunksOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, new AbortController()));
    expect(contentOf(rest)).toBe(
      answerTokens('a b')
        .slice(3)
        .map(({ text: word, sep }) => word + sep)
        .join(''),
    );
  });

  it('cancels: the stream ends with finish_reason stop and [DONE], the reply queue is deleted, a later resume is 404', async () => {
    const openai = clientOf(fixture.stack.baseUrl);
    const stream = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: text }], stream: true });
    const chunks: ChatCompletionChunk[] = [];
    let cancelled: Response | undefined;
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunks.length === 4) cancelled = await fetch(`${other.baseUrl}/v1/chat/completions/${chunk.id}/cancel`, { method: 'POST' });
    }
    expect(cancelled?.status).toBe(200);
    expect(await cancelled?.json()).toEqual({ id: chunks[0].id, object: 'chat.completion.cancelled', cancelled: true });
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
    expect(contentOf(chunks).length).toBeLessThan(answerText(text).length);
    const messageId = /^chatcmpl-(.{36})-/.exec(chunks[0].id)![1];
    expect(await fixture.broker.queue(replyQueueName(messageId))).toBeNull();
    const again = await fetch(`${other.baseUrl}/v1/chat/completions/${chunks[0].id}/stream`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('treats a client that breaks out of the loop and never comes back as a stop after RESUME_WINDOW_MS', async () => {
    const stream = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: text }],
      stream: true,
    });
    let id = '';
    for await (const chunk of stream) {
      id = chunk.id;
      if (chunk.choices[0]?.delta.content) break;
    }
    const queue = replyQueueName(/^chatcmpl-(.{36})-/.exec(id)![1]);
    expect(await fixture.broker.queue(queue)).not.toBeNull();
    await waitFor('the reply queue to be deleted', async () => (await fixture.broker.queue(queue)) === null, 5000);
  });

  it('answers HEAD of a stream with its status, and takes nothing over', async () => {
    const stream = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: text }],
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunks.length === 3) {
        const head = await fetch(`${other.baseUrl}/v1/chat/completions/${chunk.id}/stream`, { method: 'HEAD' });
        expect(head.status).toBe(200);
      }
    }
    expect(contentOf(chunks)).toBe(answerText(text));
    expect((await fetch(`${other.baseUrl}/v1/chat/completions/chatcmpl-nope/stream`, { method: 'HEAD' })).status).toBe(404);
  });

  it('does not resume or cancel a completion of another API key, nor one with a forged id', async () => {
    const response = await fetch(`${other.baseUrl}/v1/chat/completions/chatcmpl-7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a-1765000000/cancel`, {
      method: 'POST',
    });
    expect(response.status).toBe(404);
    const head = await fetch(`${other.baseUrl}/v1/chat/completions/not-an-id/stream`);
    expect(head.status).toBe(404);
  });
});

describe('API_KEYS', () => {
  const fixture = useStack({ API_KEYS: `${API_KEY},sk-other-0123456789abcdef` });

  it('refuses /v1 calls without a key or with a wrong one, with 401 in OpenAI shape', async () => {
    const missing = await fetch(`${fixture.stack.baseUrl}/v1/models`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toEqual({
      error: {
        message: 'No API key: send one as `Authorization: Bearer <key>`',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    const wrong = await thrownBy(() => clientOf(fixture.stack.baseUrl, 'sk-wrong-0123456789abcdef').models.list());
    expect(wrong.status).toBe(401);
    expect(wrong.error).toMatchObject({ message: 'Incorrect API key provided', code: 'invalid_api_key' });
  });

  it("runs the README's script with a key", async () => {
    expect(await runReadmeScript(fixture.stack.baseUrl, API_KEY)).toBe(answerText('Tell me about RabbitMQ'));
  });

  it("answers a key's calls, and keeps its completions from other keys", async () => {
    const completion = await clientOf(fixture.stack.baseUrl).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'mine' }],
    });
    expect(completion.choices[0].message.content).toBe(answerText('mine'));
    const byOther = await fetch(`${fixture.stack.baseUrl}/v1/chat/completions/${completion.id}/stream`, {
      headers: { Authorization: 'Bearer sk-other-0123456789abcdef' },
    });
    expect(byOther.status).toBe(404);
    const byOwner = await fetch(`${fixture.stack.baseUrl}/v1/chat/completions/${completion.id}/stream`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(byOwner.status).toBe(200);
    await byOwner.body?.cancel();
  });
});

describe('POST /v1/chat/completions in front of a model server (GENERATOR=openai)', () => {
  const fake = useFakeUpstream();
  const fixture = useStack(() => ({
    GENERATOR: 'openai',
    UPSTREAM_BASE_URL: fake.upstream.baseUrl,
    UPSTREAM_MODEL: 'upstream-model',
    UPSTREAM_TIMEOUT_MS: 2000,
    MODELS: 'llama3.2,qwen',
    RESUME_WINDOW_MS: 300,
  }));
  const openai = () => clientOf(fixture.stack.baseUrl);

  it('passes the conversation, limits and options on, and the exact text, finish_reason and usage back', async () => {
    const deltas = ['Here', ' is', ' **bold**', '\n\n```ts\nconst x = 1;\n```', '\n— done ✓'];
    fake.upstream.reply = () => ({ deltas, intervalMs: 5 });
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'First?' },
      { role: 'assistant' as const, content: 'First.' },
      { role: 'user' as const, content: 'Second?' },
    ];
    const stream = await openai().chat.completions.create({
      model: 'qwen',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      stop: 'END',
      max_tokens: 50,
    });
    const chunks = await chunksOf(stream);
    expect(contentOf(chunks)).toBe(deltas.join(''));
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    const asked = fake.upstream.requests.at(-1)!.body;
    expect(asked).toMatchObject({ model: 'upstream-model', messages, temperature: 0.3, stop: ['END'], max_tokens: 50, stream: true });
  });

  it("passes the upstream's finish_reason length on", async () => {
    fake.upstream.reply = () => ({ deltas: ['a', ' b', ' c', ' d'], intervalMs: 5 });
    const completion = await openai().chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 2,
    });
    expect(completion.choices[0]).toMatchObject({ message: { content: 'a b' }, finish_reason: 'length' });
  });

  it('throws an APIError with the upstream error, before and during the stream', async () => {
    fake.upstream.reply = () => ({ status: 500, error: 'model crashed' });
    const before = await thrownBy(async () =>
      chunksOf(await openai().chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'x' }], stream: true })),
    );
    expect(before.error).toMatchObject({ code: 'worker_error', type: 'server_error' });
    expect(before.message).toContain('model crashed');

    fake.upstream.reply = () => ({ deltas: ['partial', ' text'], intervalMs: 5, then: { error: 'out of memory' } });
    const seen: ChatCompletionChunk[] = [];
    const during = await thrownBy(async () => {
      for await (const chunk of await openai().chat.completions.create({
        model: 'qwen',
        messages: [{ role: 'user', content: 'y' }],
        stream: true,
      }))
        seen.push(chunk);
    });
    expect(contentOf(seen)).toBe('partial text');
    expect(during.message).toContain('out of memory');

    const notStreamed = await thrownBy(() =>
      openai().chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'z' }] }),
    );
    expect(notStreamed.status).toBe(502);
    expect(notStreamed.message).toContain('out of memory');
  });

  it('aborts the upstream request within a chunk when the client cancels, or aborts and does not come back', async () => {
    fake.upstream.reply = () => ({ deltas: Array.from({ length: 200 }, (_, i) => ` t${i}`), intervalMs: 30 });
    const cancelledStream = await openai().chat.completions.create({
      model: 'qwen',
      messages: [{ role: 'user', content: 'cancel me' }],
      stream: true,
    });
    let received = 0;
    for await (const chunk of cancelledStream) {
      if (!chunk.choices[0]?.delta.content) continue;
      received += 1;
      if (received === 3) await fetch(`${fixture.stack.baseUrl}/v1/chat/completions/${chunk.id}/cancel`, { method: 'POST' });
    }
    const cancelled = fake.upstream.requests.at(-1)!;
    await cancelled.aborted;
    // Sent by the time of the cancel: the role chunk and three deltas, and at most one more on its way.
    expect(cancelled.abortedAfterChunks).toBeLessThanOrEqual(6);

    const controller = new AbortController();
    const abandoned = await openai().chat.completions.create(
      { model: 'qwen', messages: [{ role: 'user', content: 'abandon me' }], stream: true },
      { signal: controller.signal },
    );
    await thrownBy(async () => {
      for await (const chunk of abandoned) if (chunk.choices[0]?.delta.content) controller.abort();
    }).catch(() => undefined);
    const upstreamRequest = fake.upstream.requests.at(-1)!;
    const abortedAt = Date.now();
    await upstreamRequest.aborted;
    // RESUME_WINDOW_MS (300) after the client left, within a chunk (30 ms) and the expiry's round trip.
    expect(Date.now() - abortedAt).toBeLessThan(3000);
    expect(upstreamRequest.abortedAfterChunks).toBeLessThan(200);
  });
});
