import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

const WORD_DELAY_MS = 20;
const CONCURRENT_MESSAGES = 50;

describe('many conversations at once', () => {
  let stack: TestStack;
  let client: ChatClient;

  beforeAll(async () => {
    // One client sends them all: the worker's share per client (ANSWERS_PER_CLIENT) would run them in turns.
    stack = await startStack({ wordDelayMs: WORD_DELAY_MS, prefetch: CONCURRENT_MESSAGES, answersPerClient: CONCURRENT_MESSAGES });
    client = new ChatClient(stack.baseUrl);
  });

  afterAll(() => stack.close());

  /** Sends one message and streams its answer; returns the words seen and the time it took. */
  async function converse(text: string): Promise<{ words: string[]; elapsedMs: number }> {
    const started = performance.now();
    const { chat_id } = await client.startChat();
    const accepted = await client.sendOk(chat_id, { text });
    const result = await readSse(client.streamUrl(accepted));
    return { words: wordTexts(result.events), elapsedMs: performance.now() - started };
  }

  it(`streams ${CONCURRENT_MESSAGES} answers side by side, each in about the time of one`, async () => {
    let single = Infinity;
    for (const attempt of [1, 2, 3]) single = Math.min(single, (await converse(`alone ${attempt}`)).elapsedMs);

    const texts = Array.from({ length: CONCURRENT_MESSAGES }, (_, i) => `concurrent message number ${i}`);
    const results = await Promise.all(texts.map((text) => converse(text)));

    results.forEach((result, i) => expect(result.words).toEqual(answerWords(texts[i])));
    // Served one after another, the slowest would take ~50 times as long as one alone.
    const slowest = Math.max(...results.map((result) => result.elapsedMs));
    console.log(`one alone: ${single.toFixed(0)} ms; slowest of ${CONCURRENT_MESSAGES} at once: ${slowest.toFixed(0)} ms`);
    expect(slowest / single).toBeLessThan(4);
  });
});
