import { replyQueueName } from '@app/contracts';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { AcceptedMessage, ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { readSse, readSseWhile, SseConnection, SseEvent } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const MESSAGES = 2000;
const AT_ONCE = 100;
// Generous: with client and apps in one process, a busy event loop delays the reconnects themselves.
const RESUME_WINDOW_MS = 5000;
const COMPLETED_RETENTION_MS = 3000;

type Behaviour = 'complete' | 'keep' | 'leave' | 'resume' | 'takeover' | 'cancel' | 'never-stream';
const BEHAVIOURS: Behaviour[] = [
  'complete',
  'complete',
  'complete',
  'keep',
  'takeover',
  'leave',
  'resume',
  'takeover',
  'cancel',
  'never-stream',
];

describe('churn: thousands of messages with disconnects, resumes, takeovers and cancels', () => {
  let stack: TestStack;
  let client: ChatClient;
  let broker: BrokerInspector;

  beforeAll(async () => {
    stack = await startStack({
      WORD_DELAY_MS: 20,
      PREFETCH: 250,
      RESUME_WINDOW_MS,
      COMPLETED_RETENTION_MS,
    });
    client = new ChatClient(stack.baseUrl);
    broker = await BrokerInspector.connect();
  });

  afterAll(async () => {
    await stack.close();
    await broker.close();
  });

  /** Plays one conversation; returns whether the words the client saw were exactly right. */
  async function play(index: number, chatId: string): Promise<{ accepted: AcceptedMessage; behaviour: Behaviour; exact: boolean }> {
    const behaviour = BEHAVIOURS[index % BEHAVIOURS.length];
    // Long enough (about a second at 20 ms a word) that every disconnect happens mid-answer.
    const text = `soak message ${index} ${'and more '.repeat(15)}`;
    const accepted = await client.sendOk(chatId, { text });
    const words = answerWords(text);
    const leaveAfter = 1 + ((index * 7) % 8);
    const url = client.streamUrl(accepted);
    switch (behaviour) {
      case 'complete':
        // Read to the end, then release the answer, as the chat page does.
        return { accepted, behaviour, exact: sameWords(wordTexts((await readSse(url)).events), words) && (await released(url)) };
      case 'keep':
        // Read to the end and never release: the retention window deletes it.
        return { accepted, behaviour, exact: sameWords(wordTexts((await readSse(url)).events), words) };
      case 'leave':
        await readSse(url, { stopWhen: (events) => events.length >= leaveAfter });
        return { accepted, behaviour, exact: true };
      case 'resume': {
        const first = await readSse(url, { stopWhen: (events) => events.length >= leaveAfter });
        const lastId = first.events.filter((event) => event.id).at(-1)?.id ?? '0';
        // Under load the whole answer can arrive before the client hangs up: then there is nothing to resume.
        if (ended(first.events)) return { accepted, behaviour, exact: sameWords(wordTexts(first.events), words) && (await released(url)) };
        const rest = await readSse(url, { headers: { 'Last-Event-ID': lastId } });
        return {
          accepted,
          behaviour,
          exact: sameWords([...wordTexts(first.events), ...wordTexts(rest.events)], words) && (await released(url)),
        };
      }
      case 'takeover': {
        // The first connection goes silent without closing; a second one takes the answer over.
        const silent = new SseConnection(url);
        await waitFor(
          'the first words',
          () => silent.events.length >= leaveAfter || silent.events.some((event) => event.event === 'end'),
          20_000,
        );
        silent.pause();
        const seen = [...silent.events];
        const rest = ended(seen) ? [] : (await readSse(url, { headers: { 'Last-Event-ID': silent.lastEventId } })).events;
        silent.close();
        return { accepted, behaviour, exact: sameWords([...wordTexts(seen), ...wordTexts(rest)], words) && (await released(url)) };
      }
      case 'cancel': {
        const stream = await readSseWhile(url, 2, () => fetch(url, { method: 'DELETE' }));
        return { accepted, behaviour, exact: stream.actionResult.status === 204 };
      }
      case 'never-stream':
        return { accepted, behaviour, exact: true };
    }
  }

  it('leaves no reply queue, stream or consumer behind but those of messages nobody ever streamed', async () => {
    const started = performance.now();
    const { chat_id } = await client.startChat();
    const results: Awaited<ReturnType<typeof play>>[] = [];
    for (let next = 0; next < MESSAGES; next += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, MESSAGES - next) }, (_, i) => play(next + i, chat_id));
      results.push(...(await Promise.all(batch)));
    }

    console.log(`soak: ${MESSAGES} messages played in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(results.filter((result) => !result.exact).map((result) => `${result.behaviour} ${result.accepted.message_id}`)).toEqual([]);
    await waitFor(
      'streams and consumers to wind down',
      async () => {
        const load = await stack.load();
        return load.openStreams === 0 && load.replyConsumers === 0;
      },
      10000,
    );
    // Abandoned and unreleased answers go once their windows have passed.
    const leftBehind = async () => {
      const left: Behaviour[] = [];
      for (let next = 0; next < results.length; next += 100) {
        const batch = results.slice(next, next + 100);
        const states = await Promise.all(batch.map(({ accepted }) => broker.queue(replyQueueName(accepted.message_id))));
        states.forEach((state, i) => state && left.push(batch[i].behaviour));
      }
      return left;
    };
    await waitFor(
      'abandoned reply queues to go',
      async () => (await leftBehind()).every((behaviour) => behaviour === 'never-stream'),
      30000,
    );
    expect((await leftBehind()).length).toBe(results.filter((result) => result.behaviour === 'never-stream').length);

    const neverStreamed = results.filter((result) => result.behaviour === 'never-stream');
    await Promise.all(neverStreamed.map(({ accepted }) => broker.deleteQueue(replyQueueName(accepted.message_id))));
  }, 240_000);
});

/** Releases a finished answer, as a client that has read its end does. */
async function released(url: string): Promise<boolean> {
  return (await fetch(url, { method: 'DELETE' })).status === 204;
}

function ended(events: SseEvent[]): boolean {
  return events.some((event) => event.event === 'end');
}

function sameWords(seen: string[], expected: string[]): boolean {
  return seen.length === expected.length && seen.every((word, i) => word === expected[i]);
}
