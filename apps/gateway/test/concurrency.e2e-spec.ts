import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { SseConnection, SseEvent } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

const WORD_DELAY_MS = 50;
const CONCURRENT_MESSAGES = 50;
/** Long enough (about 2 s an answer) that answers served one after another could not overlap. */
const TEXT_WORDS = 40;

/**
 * Ordering, not speed: how fast many streams go is the benchmark's business (`npm run bench`,
 * words/s and TTFW against concurrency), where noise on a shared machine cannot fail a build.
 */
describe('many conversations at once', () => {
  let stack: TestStack;
  let client: ChatClient;

  beforeAll(async () => {
    // One client sends them all: the worker's share per client (ANSWERS_PER_CLIENT) would run them in turns.
    stack = await startStack({ WORD_DELAY_MS, PREFETCH: CONCURRENT_MESSAGES, ANSWERS_PER_CLIENT: CONCURRENT_MESSAGES });
    client = new ChatClient(stack.baseUrl);
  });

  afterAll(() => stack.close());

  it(`streams ${CONCURRENT_MESSAGES} answers side by side: every one has begun before any has ended`, async () => {
    // Each arrival takes the next number, so the order of arrivals across all streams can be compared.
    let arrivals = 0;
    const firstWordAt: number[] = [];
    const endAt: number[] = [];
    const isWord = (event: SseEvent) => event.event === 'message';

    const converse = async (text: string, index: number) => {
      const { chat_id } = await client.startChat();
      const accepted = await client.sendOk(chat_id, { text });
      const stream = new SseConnection(client.streamUrl(accepted), {
        stopWhen: (events) => {
          if (firstWordAt[index] === undefined && events.some(isWord)) firstWordAt[index] = ++arrivals;
          if (endAt[index] === undefined && events.at(-1)?.event === 'end') endAt[index] = ++arrivals;
          return false;
        },
      });
      return wordTexts((await stream.finished).events);
    };

    const texts = Array.from({ length: CONCURRENT_MESSAGES }, (_, i) => `message ${i} ${'w '.repeat(TEXT_WORDS).trim()}`);
    const results = await Promise.all(texts.map((text, index) => converse(text, index)));

    results.forEach((words, i) => expect(words).toEqual(answerWords(texts[i])));
    expect(firstWordAt.filter(Number.isInteger)).toHaveLength(CONCURRENT_MESSAGES);
    expect(Math.max(...firstWordAt)).toBeLessThan(Math.min(...endAt));
  });
});
