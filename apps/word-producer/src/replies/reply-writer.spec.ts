import { ChatRequestMessage, WordMessage } from '@app/contracts';
import { AnswerToken } from '../generation/answer';
import { AnswerGenerator, GenerationError, GenerationRequest } from '../generation/answer-generator';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { ReplyPublisher } from './reply-publisher';
import { ReplyStream } from './reply-stream';
import { ReplyWriter } from './reply-writer';

const request: ChatRequestMessage = {
  chat_id: '7d4a5b7e-1c1e-4f7a-9a55-2f0c3c1f6a01',
  chat_title: 'A title',
  message_id: '0b8f3a52-9d0e-4c52-8f1e-5b6f3f2a9c02',
  text: 'hello',
};
const header = { chat_id: request.chat_id, chat_title: request.chat_title, message_id: request.message_id };

/** A reply stream that keeps what is sent; `goneAfter` words in, the broker returns one. */
class FakeReplies {
  readonly sent: WordMessage[] = [];
  stream?: ReplyStream;

  constructor(private readonly goneAfter = Infinity) {}

  publisher(): ReplyPublisher {
    const start = (queue: string) => {
      const channel = {
        publish: (_: string, word: WordMessage) => {
          this.sent.push(word);
          if (this.sent.length === this.goneAfter) this.stream!.markGone();
          return Promise.resolve();
        },
        roundTrip: () => Promise.resolve(),
      };
      this.stream = new ReplyStream(queue, channel as unknown as ConstructorParameters<typeof ReplyStream>[1]);
      return Promise.resolve(this.stream);
    };
    return { start, finish: () => undefined } as unknown as ReplyPublisher;
  }
}

/** Yields `tokens`, then throws `failure` if given; records what it was asked and whether it was told to stop. */
class FakeGenerator implements AnswerGenerator {
  asked: GenerationRequest[] = [];
  stoppedAfter?: number;

  constructor(
    readonly repeatable: boolean,
    private readonly tokens: AnswerToken[],
    private readonly failure?: GenerationError,
  ) {}

  async *generate(generation: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken> {
    this.asked.push(generation);
    let yielded = 0;
    signal.addEventListener('abort', () => (this.stoppedAfter ??= yielded));
    for (const token of this.tokens) {
      if (signal.aborted) return;
      yielded += 1;
      yield token;
    }
    if (this.failure) throw this.failure;
  }
}

function writer(replies: FakeReplies, generator: AnswerGenerator): ReplyWriter {
  const metrics = { counts: { wordsPublished: 0, answersStopped: 0, answersFailed: 0, requestsRejected: 0 } } as WorkerMetrics;
  return new ReplyWriter(replies.publisher(), generator, metrics);
}

const tokens = [
  { text: 'Hi', sep: ' ' },
  { text: 'there', sep: '\n' },
  { text: 'friend', sep: '' },
];

describe('ReplyWriter', () => {
  it("publishes the generator's words with their seq, then the end, asking with the request's text as the user's message", async () => {
    const replies = new FakeReplies();
    const generator = new FakeGenerator(false, tokens);

    await expect(writer(replies, generator).write(request, { redelivered: false })).resolves.toBe('completed');

    expect(generator.asked).toEqual([{ messages: [{ role: 'user', content: 'hello' }] }]);
    expect(replies.sent).toEqual([
      { ...header, text: 'Hi', sep: ' ', seq: 1 },
      { ...header, text: 'there', sep: '\n', seq: 2 },
      { ...header, text: 'friend', sep: '', seq: 3 },
      { ...header, text: '^*END*^', seq: 4, done: true },
    ]);
  });

  it('ends the answer with the generation error after the words already sent, as a finished request', async () => {
    const replies = new FakeReplies();
    const generator = new FakeGenerator(false, tokens.slice(0, 2), new GenerationError('The model server failed mid-answer: boom'));

    await expect(writer(replies, generator).write(request, { redelivered: false })).resolves.toBe('failed');

    expect(replies.sent.slice(2)).toEqual([
      { ...header, text: '^*END*^', seq: 3, error: 'The model server failed mid-answer: boom', done: true },
    ]);
  });

  it('tells the generator to stop as soon as a word comes back, and publishes nothing more', async () => {
    const replies = new FakeReplies(1);
    const generator = new FakeGenerator(false, tokens);

    await expect(writer(replies, generator).write(request, { redelivered: false })).resolves.toBe('abandoned');

    expect(generator.stoppedAfter).toBe(1);
    expect(replies.sent.map(({ text }) => text)).toEqual(['Hi']);
  });

  it('ends a redelivered request at once when its generator is not repeatable, after whatever the gateway has', async () => {
    const replies = new FakeReplies();
    const generator = new FakeGenerator(false, tokens);

    await expect(writer(replies, generator).write(request, { redelivered: true })).resolves.toBe('failed');

    expect(generator.asked).toEqual([]);
    expect(replies.sent).toEqual([
      { ...header, text: '^*END*^', error: 'The worker restarted mid-answer; send the message again', done: true },
    ]);
  });

  it('generates a redelivered request again from its first word when its generator is repeatable', async () => {
    const replies = new FakeReplies();

    await expect(writer(replies, new FakeGenerator(true, tokens)).write(request, { redelivered: true })).resolves.toBe('completed');

    expect(replies.sent.map(({ text, seq }) => [text, seq])).toEqual([
      ['Hi', 1],
      ['there', 2],
      ['friend', 3],
      ['^*END*^', 4],
    ]);
  });
});
