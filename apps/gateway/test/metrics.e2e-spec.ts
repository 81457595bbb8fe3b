import { freePort } from '../../../test/support/app-process';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords } from '../../../test/support/expected-answer';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

type Samples = Map<string, number>;

/** The samples of a Prometheus text exposition, by name and labels as written. */
async function scrape(url: string): Promise<{ samples: Samples; text: string; contentType: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { samples, text, contentType: response.headers.get('content-type') };
}

const MESSAGE_BURST = 3;

describe('metrics', () => {
  let stack: TestStack;
  let client: ChatClient;
  let workerMetricsUrl: string;
  let gatewayMetricsUrl: string;

  beforeAll(async () => {
    const healthPort = await freePort();
    stack = await startStack({
      WORD_DELAY_MS: 5,
      MESSAGE_BURST,
      MESSAGE_RATE_PER_SECOND: 1,
      HEALTH_PORT: healthPort,
      METRICS_PORT: 0,
    });
    client = new ChatClient(stack.baseUrl);
    workerMetricsUrl = `http://127.0.0.1:${healthPort}/metrics`;
    gatewayMetricsUrl = `${stack.internalUrl}/metrics`;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('counts real traffic on the gateway and the worker, with no chat or message id in any label', async () => {
    const gatewayBefore = (await scrape(gatewayMetricsUrl)).samples;
    const workerBefore = (await scrape(workerMetricsUrl)).samples;
    const change = (after: Samples, before: Samples, name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

    // One answer read straight through, one read with a reconnect; both released.
    const { chat_id } = await client.startChat();
    const straight = await client.sendOk(chat_id, { text: 'one two three' });
    const resumed = await client.sendOk(chat_id, { text: 'four five six seven eight' });
    expect((await readSse(client.streamUrl(straight))).events.at(-1)?.event).toBe('end');
    const afterStraight = (await scrape(gatewayMetricsUrl)).samples;
    expect(change(afterStraight, gatewayBefore, 'gateway_words_relayed_total')).toBe(answerWords('one two three').length);
    const first = new SseConnection(client.streamUrl(resumed));
    await first.waitForEvents(2);
    first.close();
    await first.finished;
    const rest = await readSse(client.streamUrl(resumed), { headers: { 'Last-Event-ID': first.lastEventId } });
    expect(rest.events.at(-1)?.event).toBe('end');
    for (const accepted of [straight, resumed]) expect((await fetch(client.streamUrl(accepted), { method: 'DELETE' })).status).toBe(204);
    // Past the burst: refused with 429.
    const refusals = (await Promise.all(Array.from({ length: MESSAGE_BURST }, () => client.send(chat_id, { text: 'more' })))).filter(
      (response) => response.status === 429,
    ).length;
    expect(refusals).toBeGreaterThanOrEqual(1);

    const wordCount = answerWords('one two three').length + answerWords('four five six seven eight').length;
    await waitFor('the streams to close', async () => (await stack.load()).openStreams === 0);
    const gateway = await scrape(gatewayMetricsUrl);
    const worker = await scrape(workerMetricsUrl);
    const g = (name: string) => change(gateway.samples, gatewayBefore, name);
    const w = (name: string) => change(worker.samples, workerBefore, name);
    const accepted = 2 + MESSAGE_BURST - refusals;

    expect(gateway.contentType).toMatch(/^text\/plain;.*version=0\.0\.4/);
    // Each message's queue was ready or declared on the way; the chat's next queues were declared ahead.
    const takenReady = g('gateway_reply_queues_taken_ready_total');
    expect(takenReady).toBeGreaterThanOrEqual(1);
    expect(g('gateway_reply_queues_declared_total')).toBe(accepted - takenReady + g('gateway_reply_queues_declared_ahead_total'));
    expect(g('gateway_reply_queues_deleted_total')).toBe(2);
    expect(g('gateway_resumes_total')).toBe(1);
    expect(g('gateway_takeovers_total')).toBe(0);
    expect(g('gateway_time_to_first_word_seconds_count')).toBe(2);
    // Every word at least once; a word written to the first connection as it closed is written again on the resume.
    expect(g('gateway_words_relayed_total')).toBeGreaterThanOrEqual(wordCount);
    expect(g('gateway_words_relayed_total')).toBeLessThan(wordCount + answerWords('four five six seven eight').length);
    expect(g('gateway_rate_limited_requests_total')).toBe(refusals);
    expect(gateway.samples.get('gateway_open_streams')).toBe(0);
    expect(gateway.samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);

    // Every accepted message is answered whole: the two read ones and the burst's, which nobody reads.
    const published = wordCount + (accepted - 2) * answerWords('more').length;
    await waitFor('the other answers to be generated', async () => {
      const now = (await scrape(workerMetricsUrl)).samples;
      return now.get('worker_answers_in_progress') === 0 && change(now, workerBefore, 'worker_words_published_total') >= published;
    });
    const workerAfter = (await scrape(workerMetricsUrl)).samples;
    expect(change(workerAfter, workerBefore, 'worker_words_published_total')).toBe(published);
    expect(change(workerAfter, workerBefore, 'worker_answers_stopped_total')).toBe(0);
    expect(w('worker_requests_rejected_total')).toBe(0);

    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    expect(gateway.text).not.toMatch(uuid);
    expect(worker.text).not.toMatch(uuid);
  });
});
