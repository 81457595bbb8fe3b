import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { replyQueueName } from '@app/contracts';
import { GatewayMetrics } from '../src/metrics/gateway-metrics';
import { ChatClient } from '../../../test/support/chat-client';
import { describeIfRabbitmqctl } from '../../../test/support/rabbitmqctl';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const run = promisify(execFile);

/** What the gateway logged at error level meanwhile: Nest's logger writes those to stderr. */
async function errorLinesDuring(action: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => / ERROR /.test(line)),
    );
    return true;
  });
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

/** A GET with every value of each header sent as a header line of its own. */
function getWithHeaders(url: string, headers: Record<string, string[]>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    for (const [name, values] of Object.entries(headers)) request.setHeader(name, values);
    request.on('error', reject).end();
  });
}

/** Sends `head` as it is (repeated headers and all) and reads the status line and the body. */
function rawRequest(baseUrl: string, head: string): Promise<{ status: number; body: string }> {
  const { hostname: host, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host, () => socket.end(`${head}Connection: close\r\n\r\n`));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject).on('end', () => {
      const [headers, body] = answer.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), body });
    });
  });
}

describe('clients racing their own requests', () => {
  const env = useStack({ WORD_DELAY_MS: 20, MAX_STREAMS_PER_CLIENT: 20, TRUST_PROXY: 'loopback' });
  const as = (address: string) => new ChatClient(env.stack.baseUrl, { 'X-Forwarded-For': address });
  const metrics = () => env.stack.gateway.get(GatewayMetrics).counts;

  it("cannot close a broker channel by racing GET against DELETE of its own answer, nor hold up anyone else's", async () => {
    const before = { ...metrics() };
    const victim = as('198.51.100.1');
    const victimChat = await victim.startChat();
    const victimText = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
    const victimStream = readSse(victim.streamUrl(await victim.sendOk(victimChat.chat_id, { text: victimText })), {
      headers: victim.headers,
    });
    const attacker = as('198.51.100.2');
    const attackerChat = await attacker.startChat();
    const poster = as('198.51.100.3');
    const posterChat = await poster.startChat();
    const attacked: string[] = [];
    const statuses = { get: [] as number[], delete: [] as number[], post: [] as number[] };
    for (let round = 0; round < 10; round++) {
      const message = await attacker.sendOk(attackerChat.chat_id, { text: 'w '.repeat(300) });
      attacked.push(message.message_id);
      const url = attacker.streamUrl(message);
      const gets = Array.from({ length: 8 }, () => readSse(url, { headers: attacker.headers, stopWhen: (events) => events.length >= 3 }));
      const deletes = Array.from({ length: 4 }, () => fetch(url, { method: 'DELETE', headers: attacker.headers }));
      const post = poster.send(posterChat.chat_id, { text: `round ${round}` });
      statuses.get.push(...(await Promise.all(gets)).map((result) => result.status));
      statuses.delete.push(...(await Promise.all(deletes)).map((response) => response.status));
      statuses.post.push((await post).status);
    }
    expect(metrics().replyChannelFailures - before.replyChannelFailures).toBe(0);
    expect(metrics().brokerReconnects - before.brokerReconnects).toBe(0);
    expect(statuses.post).toEqual(Array(10).fill(200));
    expect(statuses.get.every((status) => status === 200 || status === 404)).toBe(true);
    expect(statuses.delete.every((status) => status === 204 || status === 404)).toBe(true);
    // Each round deleted its message once; the other DELETEs found it gone.
    expect(statuses.delete.filter((status) => status === 204)).toHaveLength(10);
    const victimResult = await victimStream;
    const words = victimResult.events
      .filter((event) => event.event === 'message' && event.id)
      .map((event) => (JSON.parse(event.data) as { text: string }).text);
    expect(words).toEqual([
      ...'This is generated on the server side. Here is your original message:'.split(' '),
      ...victimText.split(' '),
      '^*END*^',
    ]);
    expect(await env.broker.present(attacked.map(replyQueueName))).toEqual([]);
  }, 60_000);

  it('holds MAX_STREAMS_PER_CLIENT when one client opens 40 streams at once', async () => {
    const reader = as('198.51.100.4');
    const { chat_id } = await reader.startChat();
    const messages = await Promise.all(Array.from({ length: 40 }, () => reader.sendOk(chat_id, { text: 'w '.repeat(200) })));
    const streams = messages.map((message) => new SseConnection(reader.streamUrl(message), { headers: reader.headers }));
    await waitFor('every stream to be answered', () => streams.every((stream) => stream.status !== undefined), 10_000);
    const statuses = streams.map((stream) => stream.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    for (const stream of streams) stream.close();
    await waitFor('the streams to close', async () => (await env.stack.load()).openStreams === 0);
    // The refused ones took no slot: the client streams 20 again.
    const again = messages.slice(20).map((message) => new SseConnection(reader.streamUrl(message), { headers: reader.headers }));
    await waitFor('the new streams to be answered', () => again.every((stream) => stream.status !== undefined), 10_000);
    expect(again.map((stream) => stream.status)).toEqual(Array(20).fill(200));
    for (const stream of again) stream.close();
  }, 30_000);

  it('answers 400, logging no error, to a Last-Event-ID or lastEventId given twice', async () => {
    const client = as('198.51.100.5');
    const { chat_id } = await client.startChat();
    const url = client.streamUrl(await client.sendOk(chat_id, { text: 'hello' }));
    const answers: { status: number; body: string }[] = [];
    const errors = await errorLinesDuring(async () => {
      answers.push(await getWithHeaders(`${url}?lastEventId=1&lastEventId=2`, {}));
      answers.push(await getWithHeaders(url, { 'Last-Event-ID': ['1', '2'] }));
    });
    expect(answers.map(({ status, body }) => [status, (JSON.parse(body) as { message: string }).message])).toEqual([
      [400, 'lastEventId must be given once'],
      [400, 'Last-Event-ID must be given once'],
    ]);
    expect(errors).toEqual([]);
  });
});

describe('headers that must be single', () => {
  const env = useStack({ worker: false });

  it('answer 400 when a request repeats Host, Origin or Content-Type, before anything else', async () => {
    const host = new URL(env.stack.baseUrl).host;
    const cases = [
      `POST /start HTTP/1.1\r\nHost: ${host}\r\nHost: rebind.evil\r\n`,
      `POST /start HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nOrigin: http://evil.example\r\n`,
      `POST /start HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\ncontent-type: text/plain\r\n`,
    ];
    const answers = [];
    for (const head of cases) answers.push(await rawRequest(env.stack.baseUrl, head));
    expect(answers.map(({ status, body }) => [status, (JSON.parse(body) as { message: string }).message])).toEqual([
      [400, 'The Host header must be given once'],
      [400, 'The Origin header must be given once'],
      [400, 'The Content-Type header must be given once'],
    ]);
  });
});

describe('stream requests per client', () => {
  const env = useStack({ TRUST_PROXY: 'loopback', STREAM_REQUEST_BURST: 30, STREAM_REQUESTS_PER_SECOND: 1 });
  const as = (address: string) => new ChatClient(env.stack.baseUrl, { 'X-Forwarded-For': address });

  it('answer 429 with Retry-After past STREAM_REQUEST_BURST, whatever the method, per client', async () => {
    const looper = as('198.51.100.6');
    const { chat_id } = await looper.startChat();
    const url = looper.streamUrl(await looper.sendOk(chat_id, { text: 'hello' }));
    const methods = ['HEAD', 'GET', 'DELETE'];
    const answers = [];
    for (let index = 0; index < 36; index++) {
      answers.push(await fetch(`${url}?lastEventId=99`, { method: methods[index % 3], headers: looper.headers }));
      await answers.at(-1)!.arrayBuffer();
    }
    expect(answers.slice(30).map((answer) => answer.status)).toEqual(Array(6).fill(429));
    expect(answers.slice(0, 30).every((answer) => answer.status !== 429)).toBe(true);
    const refused = await fetch(url, { method: 'GET', headers: looper.headers });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      message: 'Too many stream requests: at most 1 a second, 30 at once; try again after Retry-After seconds',
      error: 'Too Many Requests',
    });
    expect((await fetch(url, { method: 'HEAD', headers: as('198.51.100.7').headers })).status).not.toBe(429);
  });
});

/** Frames the broker has received on this process's gateway connections (publishing and consuming). */
async function framesFromGateways(): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'client_properties', 'recv_cnt', '-q', '--no-table-headers'], {
    timeout: 15_000,
  });
  const ours = new RegExp(`\\{"connection_name","gateway(-consumers)?@${hostname()}:${process.pid}"\\}`);
  return stdout
    .split('\n')
    .filter((line) => ours.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/).at(-1)), 0);
}

describeIfRabbitmqctl('probes of a gone answer')('probes of a gone answer', () => {
  const env = useStack();

  it('cost the broker nothing after the first: no channel per HEAD or GET', async () => {
    const { chat_id } = await env.client.startChat();
    const message = await env.client.sendOk(chat_id, { text: 'hello' });
    const url = env.client.streamUrl(message);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
    const before = await framesFromGateways();
    const statuses = [];
    for (let index = 0; index < 200; index++) statuses.push((await fetch(url, { method: index % 2 ? 'HEAD' : 'GET' })).status);
    const after = await framesFromGateways();
    expect(statuses).toEqual(Array(200).fill(404));
    // A heartbeat or two at most; a passive declare per probe would be 200 channel opens and closes.
    expect(after - before).toBeLessThan(10);
  });
});
