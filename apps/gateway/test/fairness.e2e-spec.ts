import { request } from 'node:http';
import { AcceptedMessage } from '../../../test/support/chat-client';
import { SseConnection } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

/** Loopback addresses are distinct clients to the gateway, and so to the worker (the x-client header). */
const HEAVY_CLIENTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
const VICTIM = '127.0.0.8';
const MESSAGES_EACH = 10;
/** 4000 characters, 2000 words: at WORD_DELAY_MS=20 each answer holds its slot for 40 s. */
const LONG_TEXT = 'w '.repeat(2000);

/** POST /start/{chat_id} with a JSON body, sent from `localAddress`. */
function sendFrom(localAddress: string, url: string, text: string): Promise<AcceptedMessage> {
  const body = JSON.stringify({ text });
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    const post = request(url, { method: 'POST', localAddress, headers }, (response) => {
      let answer = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(JSON.parse(answer) as AcceptedMessage)
          : reject(new Error(`POST from ${localAddress} answered ${response.statusCode}: ${answer}`)),
      );
    });
    post.on('error', reject);
    post.end(body);
  });
}

describe('a worker that six heavy clients fill', () => {
  // PREFETCH 50 and the default ANSWERS_PER_CLIENT (10): 6 × 10 long answers hold every shared slot.
  const env = useStack({ WORD_DELAY_MS: 20, PREFETCH: 50 });

  it("starts a new client's answer at once: its first word comes in under 2 s", async () => {
    const { stack, client, broker } = env;
    const { chat_id } = await client.startChat();
    const sendUrl = `${stack.baseUrl}/start/${chat_id}`;
    const heavy = await Promise.all(
      HEAVY_CLIENTS.flatMap((address) => Array.from({ length: MESSAGES_EACH }, () => sendFrom(address, sendUrl, LONG_TEXT))),
    );
    try {
      await waitFor('the worker to take every heavy request', async () => (await broker.queue(stack.requestsQueue))?.messageCount === 0);

      const sentAt = performance.now();
      const victim = await sendFrom(VICTIM, sendUrl, 'my turn');
      let firstWordAfterMs = Number.POSITIVE_INFINITY;
      const stream = new SseConnection(client.streamUrl(victim), {
        stopWhen: (events) => {
          if (events.length === 0) return false;
          firstWordAfterMs = performance.now() - sentAt;
          return true;
        },
      });
      // Bounded well past the 2 s asserted, so that today's 40 s wait fails here rather than by timeout.
      await waitFor("the victim's first word", () => stream.events.length > 0, 5000).catch(() => undefined);
      stream.close();
      expect(firstWordAfterMs).toBeLessThan(2000);
      expect(stream.events[0]).toMatchObject({ event: 'message', id: '1' });
      expect(JSON.parse(stream.events[0].data)).toMatchObject({ text: 'This', seq: 1 });
    } finally {
      // Stopping the heavy answers lets the worker shut down within a word instead of 40 s.
      await Promise.all(heavy.map((message) => fetch(client.streamUrl(message), { method: 'DELETE' })));
    }
  }, 60_000);
});
