import { hostname } from 'node:os';
import { END_MARKER } from '@app/contracts';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { closeConnectionsNamed, rabbitmqctlUsable } from '../../../test/support/rabbitmqctl';
import { readSse, SseEvent } from '../../../test/support/sse-client';
import { startStack, TestStack } from '../../../test/support/test-stack';

const usable = rabbitmqctlUsable();
if (!usable) console.warn('Skipping the broker fault tests: they need rabbitmqctl, as root, for the local broker');
const describeWithRabbitmqctl = usable ? describe : describe.skip;

describeWithRabbitmqctl('broker connections dropped mid-answer', () => {
  let stack: TestStack;
  let client: ChatClient;
  // Both apps run in this process, so their connection names differ only by app.
  const connectionOf = (app: string) => `${app}@${hostname()}:${process.pid}`;

  beforeAll(async () => {
    stack = await startStack({ wordDelayMs: 40 });
    client = new ChatClient(stack.baseUrl);
  });

  afterAll(() => stack.close());

  async function streamWhileDropping(apps: string[]): Promise<{ text: string; events: SseEvent[] }> {
    const { chat_id } = await client.startChat();
    const text = 'w '.repeat(30).trim();
    const accepted = await client.sendOk(chat_id, { text });
    let dropped: Promise<number[]> | undefined;
    const result = await readSse(client.streamUrl(accepted), {
      stopWhen: (events) => {
        if (events.length >= 5) dropped ??= Promise.all(apps.map((app) => closeConnectionsNamed(connectionOf(app))));
        return false;
      },
    });
    expect(await dropped).toEqual(apps.map(() => 1));
    return { text, events: result.events };
  }

  function expectWholeAnswer({ text, events }: { text: string; events: SseEvent[] }): void {
    const words = answerWords(text);
    expect(wordTexts(events)).toEqual(words);
    expect(events.filter((event) => event.event === 'message').map((event) => Number(event.id))).toEqual(
      Array.from({ length: words.length + 1 }, (_, i) => i + 1),
    );
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ text: END_MARKER, done: true });
    expect(events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  }

  it("completes the stream, every word once, when the gateway's connection drops", async () => {
    expectWholeAnswer(await streamWhileDropping(['gateway']));
  });

  it("completes the stream, every word once, when the worker's connection drops and the request is generated again", async () => {
    expectWholeAnswer(await streamWhileDropping(['word-producer']));
  });

  it('completes the stream when both connections drop at once', async () => {
    expectWholeAnswer(await streamWhileDropping(['gateway', 'word-producer']));
  });
});
