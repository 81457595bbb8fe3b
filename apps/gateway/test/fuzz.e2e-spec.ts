import { randomUUID } from 'node:crypto';
import { replyQueueName } from '@app/contracts';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { SseConnection } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const CASES = 3000;
const AT_ONCE = 24;
const SEED = 20261201;

/** A small seeded generator (mulberry32), so that a failing run can be played again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Random requests over the whole HTTP API: methods, paths, ids, content types, bodies, Last-Event-IDs, origins. */
class CaseMaker {
  readonly accepted: { chat_id: string; message_id: string }[] = [];
  private readonly next = random(SEED);

  make(chatId: string): Case {
    const roll = this.next();
    if (roll < 0.3) return this.message(chatId);
    if (roll < 0.55 && this.accepted.length > 0) return this.onKnown();
    return this.anything(chatId);
  }

  /** A message much as a client sends one, in any of the three encodings, its fields now and then wrong. */
  private message(chatId: string): Case {
    const text = this.pick(['fuzz', 'x'.repeat(Math.floor(this.next() * 4500)), '  ', '\u2028 <b>\r\n', '^*END*^']);
    const title = this.pick([undefined, 'New Chat', '', 'T'.repeat(150)]);
    const fields = { text, ...(title === undefined ? {} : { chat_title: title }) };
    const encoding = this.pick(['json', 'form', 'multipart']);
    if (encoding === 'json')
      return { method: 'POST', path: `/start/${chatId}`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) };
    if (encoding === 'form') {
      return {
        method: 'POST',
        path: `/start/${chatId}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      };
    }
    const parts = Object.entries(fields).map(
      ([name, value]) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    return {
      method: 'POST',
      path: `/start/${chatId}`,
      headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
      body: `${parts.join('')}--b--\r\n`,
    };
  }

  /** A stream, HEAD or DELETE of a message the fuzz got accepted, with any Last-Event-ID. */
  private onKnown(): Case {
    const { chat_id, message_id } = this.pick(this.accepted);
    const method = this.pick(['GET', 'GET', 'GET', 'HEAD', 'DELETE']);
    return { method, path: `/stream/${chat_id}/${message_id}`, headers: { 'Last-Event-ID': this.pick(EVENT_IDS) } };
  }

  private anything(chatId: string): Case {
    const method = this.pick(['GET', 'GET', 'POST', 'POST', 'POST', 'DELETE', 'HEAD', 'PUT', 'OPTIONS', 'PATCH']);
    const headers: Record<string, string> = {};
    if (this.chance(0.5)) headers['Content-Type'] = this.pick(CONTENT_TYPES);
    if (this.chance(0.3)) headers['Last-Event-ID'] = this.pick(EVENT_IDS);
    if (this.chance(0.1)) headers.Origin = this.pick(['null', 'https://evil.example', 'http://127.0.0.1']);
    const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && this.chance(0.8) ? this.body() : undefined;
    return { method, path: this.path(chatId), headers, body };
  }

  private path(chatId: string): string {
    const known = this.accepted.length > 0 && this.chance(0.4) ? this.pick(this.accepted) : undefined;
    const id = () => this.pick([randomUUID(), chatId, 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'x', '', '%00', '..%2f..', '1'.repeat(300)]);
    return this.pick([
      '/start',
      `/start/${chatId}`,
      `/start/${id()}`,
      `/stream/${known?.chat_id ?? chatId}/${known?.message_id ?? id()}`,
      `/stream/${id()}/${id()}?lastEventId=${encodeURIComponent(this.pick(EVENT_IDS))}`,
      `/stream/${chatId}`,
      '/health',
      '/health/ready',
      '/static/',
      '/static/%2e%2e/package.json',
      '/static/app.js?x=<script>',
      '/api-json',
      `/${'a/'.repeat(50)}`,
      '/',
    ]);
  }

  private body(): string {
    const depth = Math.floor(this.next() * 200);
    return this.pick([
      JSON.stringify({ text: 'fuzz' }),
      JSON.stringify({ text: 'fuzz', chat_title: this.pick(['New Chat', '', 'x'.repeat(200), '\u2028\r\n']) }),
      JSON.stringify({ text: null, chat_title: null }),
      JSON.stringify({ text: ['a'], extra: { __proto__: { polluted: true } } }),
      JSON.stringify({ text: 'x'.repeat(Math.floor(this.next() * 5000)) }),
      `{"text":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      '{"text":',
      'text=fuzz&chat_title=New+Chat',
      'text=%E0%A4%A&x=%%',
      `--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nfuzz\r\n--b--\r\n`,
      '--b\r\nbroken',
      'A'.repeat(Math.floor(this.next() * 200_000)),
      String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(this.next() * 256))),
      '',
    ]);
  }

  private chance(p: number): boolean {
    return this.next() < p;
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=b',
  'multipart/form-data',
  'text/plain',
  'application/xml',
  'image/png',
  '',
];
const EVENT_IDS = ['0', '3', '999999999999999', '-1', '1e3', 'abc', ' ', '9'.repeat(40)];

describe('a fuzz pass over the HTTP API', () => {
  const env = useStack({ WORD_DELAY_MS: 0, UNREAD_TIMEOUT_MS: 1000, RESUME_WINDOW_MS: 1000, COMPLETED_RETENTION_MS: 1000 });

  it(`answers ${CASES} random requests without a 5xx or a crash, and leaves a victim's answer whole and the broker clean`, async () => {
    const { chat_id } = await env.client.startChat();
    const victimText = 'w '.repeat(300).trim();
    const victim = await env.client.sendOk(chat_id, { text: victimText });
    const victimStream = new SseConnection(env.client.streamUrl(victim));

    const maker = new CaseMaker();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let done = 0;
    const lane = async () => {
      while (done < CASES) {
        done += 1;
        const fuzz = maker.make(chat_id);
        const status = await send(env.stack.baseUrl, fuzz, maker);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status === 0)
          failures.push(`${status} ${fuzz.method} ${fuzz.path} ${JSON.stringify(fuzz.headers)} ${fuzz.body?.slice(0, 80)}`);
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, lane));
    console.log(
      `fuzz: ${CASES} requests by status ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${maker.accepted.length} messages accepted`,
    );

    expect({ failures: failures.slice(0, 10), failedConnections: failedConnections.slice(0, 10) }).toEqual({
      failures: [],
      failedConnections: [],
    });
    const victimResult = await victimStream.finished;
    expect(wordTexts(victimResult.events)).toEqual(answerWords(victimText));
    expect((await fetch(`${env.stack.baseUrl}/health`)).status).toBe(200);
    // Every answer the fuzz got accepted goes: unread, abandoned or kept, each window is a second.
    const queues = [...maker.accepted.map(({ message_id }) => message_id), victim.message_id].map(replyQueueName);
    await waitFor(
      'every reply queue the fuzz made to go',
      async () => (await Promise.all(queues.map((queue) => env.broker.queue(queue)))).every((state) => state === null),
      20_000,
    );
    await waitFor('the requests queue to empty', async () => (await env.broker.queue(env.stack.requestsQueue))?.messageCount === 0, 10_000);
  }, 180_000);
});

const failedConnections: string[] = [];

/** Sends one case; an event stream is read for a moment, then hung up. Resolves with the status, 0 if the connection failed. */
async function send(baseUrl: string, fuzz: Case, maker: CaseMaker): Promise<number> {
  const hangUp = new AbortController();
  const timer = setTimeout(() => hangUp.abort(), 300);
  try {
    const response = await fetch(`${baseUrl}${fuzz.path}`, {
      method: fuzz.method,
      headers: fuzz.headers,
      body: fuzz.body,
      signal: hangUp.signal,
    });
    if (response.status === 200 && fuzz.method === 'POST' && fuzz.path.startsWith('/start/')) {
      const accepted = (await response.json()) as { chat_id: string; message_id: string };
      maker.accepted.push(accepted);
    } else {
      await response.arrayBuffer().catch(() => undefined);
    }
    return response.status;
  } catch (error) {
    // A stream this client hung up on is no failure; a connection that failed is.
    if (hangUp.signal.aborted) return -1;
    failedConnections.push(String((error as Error & { cause?: Error }).cause?.message ?? error));
    return 0;
  } finally {
    clearTimeout(timer);
  }
}
