import { AppProcess, startGatewayProcess } from '../../../test/support/app-process';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { NGINX, NginxProxy, nginxUsable } from '../../../test/support/nginx-proxy';
import { SseConnection, SseEvent } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

const describeWithNginx = nginxUsable() ? describe : describe.skip;
if (!nginxUsable()) console.warn(`Skipping the proxy tests: no nginx at ${NGINX}`);

const WORD_DELAY_MS = 50;
const HEARTBEAT_MS = 300;
/** The proxy's read timeout in this test: several heartbeats long, far shorter than an idle answer. */
const PROXY_READ_TIMEOUT_S = 2;
const TEXT = Array.from({ length: 30 }, (_, i) => `w${i + 1}`).join(' ');

describeWithNginx('two gateways behind nginx with the shipped proxy configuration', () => {
  let stack: TestStack;
  /** Each gateway process by its port. */
  const gateways = new Map<number, AppProcess>();
  let proxy: NginxProxy;
  let client: ChatClient;

  beforeAll(async () => {
    // The worker is started by the first test, after it has shown an idle stream surviving the proxy.
    stack = await startStack({ worker: false, WORD_DELAY_MS });
    const env = { REQUESTS_QUEUE: stack.requestsQueue, HEARTBEAT_MS: String(HEARTBEAT_MS), TRUST_PROXY: 'loopback' };
    for (let i = 0; i < 2; i += 1) {
      const { gateway, baseUrl } = await startGatewayProcess(env);
      gateways.set(Number(new URL(baseUrl).port), gateway);
    }
    proxy = await NginxProxy.start({ upstreamPorts: [...gateways.keys()], readTimeoutS: PROXY_READ_TIMEOUT_S });
    client = new ChatClient(proxy.baseUrl);
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([...gateways.values()].map((gateway) => gateway.stop()));
    await stack?.close();
  });

  const words = (events: SseEvent[]) => wordTexts(events);
  /** The gateway's address as nginx reports it, e.g. 127.0.0.1:40123. */
  const upstream = (connection: SseConnection) => String(connection.headers['x-upstream']);

  it('keeps an idle stream open past the proxy read timeout with heartbeats, then streams its answer', async () => {
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: 'idle first' });
    const stream = new SseConnection(client.streamUrl(accepted));

    await new Promise((resolve) => setTimeout(resolve, 2 * PROXY_READ_TIMEOUT_S * 1000));
    expect(stream.status).toBe(200);
    expect(stream.events).toEqual([]);
    await stack.startWorker();

    const result = await stream.finished;
    expect(result.disconnected).toBe(false);
    expect(result.comments).toBeGreaterThanOrEqual(Math.floor((2 * PROXY_READ_TIMEOUT_S * 1000) / HEARTBEAT_MS) - 1);
    expect(words(result.events)).toEqual(answerWords('idle first'));
    expect(result.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  });

  it('streams word by word through the proxy, not in one lump at the end', async () => {
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: TEXT });
    const expected = answerWords(TEXT);
    const stream = new SseConnection(client.streamUrl(accepted));

    await stream.waitForEvents(3);
    // Three words are here while most of the answer is still being generated.
    expect(stream.events.length).toBeLessThan(expected.length / 2);
    const result = await stream.finished;
    expect(words(result.events)).toEqual(expected);
  });

  it('resumes exactly on the other gateway when the browser reconnects', async () => {
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: TEXT });
    const first = new SseConnection(client.streamUrl(accepted));
    await first.waitForEvents(5);
    first.close();
    const lastEventId = first.lastEventId;

    const second = new SseConnection(client.streamUrl(accepted), { headers: { 'Last-Event-ID': lastEventId } });
    const result = await second.finished;

    expect(upstream(second)).not.toBe(upstream(first));
    expect(upstream(second)).toMatch(/^127\.0\.0\.1:\d+$/);
    expect([...words(first.events), ...words(result.events)]).toEqual(answerWords(TEXT));
  });

  it('hides a gateway killed mid-answer behind one reconnect', async () => {
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text: TEXT });
    const first = new SseConnection(client.streamUrl(accepted));
    await first.waitForEvents(5);
    const victim = gateways.get(Number(upstream(first).split(':')[1]));
    expect(victim).toBeDefined();

    await victim!.stop('SIGKILL');
    const cut = await first.finished;
    expect(cut.events.at(-1)?.event).toBe('message');

    const again = await new SseConnection(client.streamUrl(accepted), { headers: { 'Last-Event-ID': first.lastEventId } }).finished;
    expect(again.status).toBe(200);
    expect([...words(cut.events), ...words(again.events)]).toEqual(answerWords(TEXT));
  });
});
