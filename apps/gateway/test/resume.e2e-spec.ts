import { randomUUID } from 'node:crypto';
import { replyQueueName } from '@app/contracts';
import { AppFleet } from '../../../test/support/app-fleet';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { brokerUrl } from '../../../test/support/broker-url';
import { AcceptedMessage, ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, SseConnection, SseEvent } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const END = { event: 'end', data: 'Stream ended' };
const MOVED = { event: 'error', data: '{"code":"moved","message":"The answer moved to another connection"}' };
const COMPLETED_RETENTION_MS = 2000;

/** Two gateways and a worker as real processes on one requests queue: a browser may reach either gateway. */
describe('one relay per answer, across gateways', () => {
  const requestsQueue = `requests_queue.test.${randomUUID()}`;
  const env = {
    AMQP_URL: brokerUrl(),
    REQUESTS_QUEUE: requestsQueue,
    WORD_DELAY_MS: '40',
    COMPLETED_RETENTION_MS: String(COMPLETED_RETENTION_MS),
  };
  let broker: BrokerInspector;
  let fleet: AppFleet;
  let first: ChatClient;
  let second: ChatClient;

  beforeAll(async () => {
    broker = await BrokerInspector.connect();
    fleet = new AppFleet(env, broker);
    [first, second] = await Promise.all([fleet.startGateway(), fleet.startGateway()]);
    await fleet.startWorker();
  }, 60_000);

  afterAll(async () => {
    await fleet.killAll();
    await broker.deleteQueue(requestsQueue);
    await broker.close();
  });

  /** A message long enough (200 words, 8 s) that every takeover happens mid-answer. */
  async function longMessage(): Promise<{ accepted: AcceptedMessage; words: string[] }> {
    const { chat_id } = await first.startChat();
    const text = Array.from({ length: 200 }, (_, i) => `w${i + 1}`).join(' ');
    return { accepted: await first.sendOk(chat_id, { text }), words: answerWords(text) };
  }

  /** Reads `count` events, then stops reading without closing: a phone whose network went silent. */
  async function readThenGoSilent(url: string, count: number): Promise<{ connection: SseConnection; seen: SseEvent[] }> {
    const connection = new SseConnection(url);
    await connection.waitForEvents(count);
    connection.pause();
    return { connection, seen: [...connection.events] };
  }

  it.each([
    ['on another gateway', () => second],
    ['on the same gateway', () => first],
  ])('takes an answer over %s while the first connection stays open, losing and repeating nothing', async (_where, resumer) => {
    const { accepted, words } = await longMessage();
    const silent = await readThenGoSilent(first.streamUrl(accepted), 5);

    const resumed = await readSse(resumer().streamUrl(accepted), { headers: { 'Last-Event-ID': silent.connection.lastEventId } });

    expect([...wordTexts(silent.seen), ...wordTexts(resumed.events)]).toEqual(words);
    expect(resumed.events.at(-1)).toEqual(END);
    // The old connection, read at last, ends by saying where the answer went.
    silent.connection.resume();
    expect((await silent.connection.finished).events.at(-1)).toEqual(MOVED);
  });

  it('lets exactly one of two racing resumes win; the other ends at once', async () => {
    const { accepted, words } = await longMessage();
    const silent = await readThenGoSilent(first.streamUrl(accepted), 5);
    const headers = { 'Last-Event-ID': silent.connection.lastEventId };

    const [a, b] = await Promise.all([readSse(first.streamUrl(accepted), { headers }), readSse(second.streamUrl(accepted), { headers })]);

    const [winner, loser] = a.events.at(-1)?.event === 'end' ? [a, b] : [b, a];
    expect([...wordTexts(silent.seen), ...wordTexts(winner.events)]).toEqual(words);
    expect(winner.events.at(-1)).toEqual(END);
    expect(loser.events.at(-1)).toEqual(MOVED);
    silent.connection.close();
  });

  it('replays a finished answer to a client that missed its end, until the client releases it', async () => {
    const { chat_id } = await first.startChat();
    const text = 'the end was written into a dead connection';
    const accepted = await first.sendOk(chat_id, { text });
    const queue = replyQueueName(accepted.message_id);
    // The whole answer fits in the socket's buffers: the gateway writes the end, the client reads none of it.
    const silent = await readThenGoSilent(first.streamUrl(accepted), 3);
    await waitFor('the answer to be kept as one transcript', async () => (await broker.queue(queue))?.messageCount === 1, 10_000);

    const resumed = await readSse(second.streamUrl(accepted), { headers: { 'Last-Event-ID': silent.connection.lastEventId } });

    expect([...wordTexts(silent.seen), ...wordTexts(resumed.events)]).toEqual(answerWords(text));
    expect(resumed.events.at(-1)).toEqual(END);
    expect((await fetch(second.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    expect(await broker.queue(queue)).toBeNull();
    expect((await readSse(first.streamUrl(accepted))).status).toBe(404);
    silent.connection.close();
  });

  it('deletes a finished answer nobody released once COMPLETED_RETENTION_MS has passed', async () => {
    const { chat_id } = await first.startChat();
    const accepted = await first.sendOk(chat_id, { text: 'read me later' });
    const whole = await readSse(first.streamUrl(accepted));
    expect(whole.events.at(-1)).toEqual(END);

    const again = await readSse(second.streamUrl(accepted), { headers: { 'Last-Event-ID': '2' } });
    expect(wordTexts(again.events)).toEqual(answerWords('read me later').slice(2));

    await waitFor(
      'the retention to end',
      async () => (await broker.queue(replyQueueName(accepted.message_id))) === null,
      COMPLETED_RETENTION_MS * 3,
    );
    const late = await readSse(first.streamUrl(accepted));
    expect(late.status).toBe(404);
    expect((JSON.parse(late.body) as { message: string }).message).toMatch(/unknown, finished or expired/);
  });
});

describe('a client that stops reading', () => {
  // On loopback the kernel's socket buffers take about 4 MB of a stream nobody reads before a write
  // finds them full; an answer of 19,000 words (about 5 MB of events) is more than they take.
  const env = useStack({ WORD_DELAY_MS: 0, STALLED_CLIENT_MS: 1500, MAX_TEXT_LENGTH: 40_000 });

  it('stops receiving, its words waiting in the broker, and resumes the answer whole once it was cut off', async () => {
    const { chat_id } = await env.client.startChat();
    const text = 'w '.repeat(19_000).trim();
    const words = answerWords(text);
    const accepted = await env.client.sendOk(chat_id, { text });
    const queue = replyQueueName(accepted.message_id);

    const stalled = new SseConnection(env.client.streamUrl(accepted), { paused: true });
    await waitFor('words to wait in the broker', async () => ((await env.broker.queue(queue))?.messageCount ?? 0) > 1000, 20_000);
    await waitFor('the client to be cut off', async () => (await env.stack.load()).openStreams === 0, 20_000);
    stalled.resume();
    const cutOff = await stalled.finished;
    expect(cutOff.events.at(-1)?.event).toBe('message');

    const resumed = await readSse(env.client.streamUrl(accepted), { headers: { 'Last-Event-ID': stalled.lastEventId } });
    expect([...wordTexts(cutOff.events), ...wordTexts(resumed.events)]).toEqual(words);
    expect(resumed.events.at(-1)).toEqual(END);
  }, 60_000);
});

describe('an idle stream', () => {
  const env = useStack({ worker: false, HEARTBEAT_MS: 200 });

  it('gets a comment line every HEARTBEAT_MS', async () => {
    const { chat_id } = await env.client.startChat();
    const accepted = await env.client.sendOk(chat_id, { text: 'nobody answers' });
    const idle = new SseConnection(env.client.streamUrl(accepted));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    idle.close();
    const result = await idle.finished;
    expect(result.events).toEqual([]);
    expect(result.comments).toBeGreaterThanOrEqual(3);
    await env.broker.deleteQueue(replyQueueName(accepted.message_id));
  });
});
