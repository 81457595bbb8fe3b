import { Channel, ConsumeMessage } from 'amqplib';
import { EventEmitter } from 'node:events';
import { AnswerTranscriptMessage, TRANSCRIPT_MESSAGE_TYPE } from '@app/contracts';
import { PooledChannel } from '../../reply-queues/pooled-channel';
import { ReplyQueueNotFoundError } from '../../reply-queues/reply-queue-not-found.error';
import { ReplyQueueListener, ReplySubscription } from '../../reply-queues/reply-subscription';
import { AnswerFrames } from '../sse/answer-frames';
import { SseStreamListener } from '../sse/sse-stream';
import { AnswerRelay } from './answer-relay';
import { EventStream, RelayContext, RelaySettings, StreamTarget } from './relay-context';

const CHAT = '11111111-1111-4111-8111-111111111111';
const MESSAGE = '22222222-2222-4222-8222-222222222222';
const HEADER = { chat_id: CHAT, chat_title: 'Title', message_id: MESSAGE };
const SETTINGS: RelaySettings = {
  idleTimeoutMs: 10_000,
  stalledClientMs: 5_000,
  heartbeatMs: 1_000,
  resumeWindowMs: 30_000,
  completedRetentionMs: 60_000,
  maxAnswerWords: 100,
  replyQueues: 'resumable',
};

/** amqplib's channel as far as a pooled channel uses it: settles and cancels are recorded. */
class FakeAmqpChannel extends EventEmitter {
  readonly acked: number[] = [];
  readonly requeued: number[] = [];
  readonly cancelled: string[] = [];
  ack(message: ConsumeMessage): void {
    this.acked.push(message.fields.deliveryTag);
  }
  nack(message: ConsumeMessage, _allUpTo: boolean, requeue: boolean): void {
    if (requeue) this.requeued.push(message.fields.deliveryTag);
  }
  async cancel(consumerTag: string): Promise<void> {
    this.cancelled.push(consumerTag);
  }
}

/** The broker side of one answer: consumers that the test delivers to by hand. */
class FakeReplyQueues {
  amqp = new FakeAmqpChannel();
  pooled = new PooledChannel(this.amqp as unknown as Channel);
  consumer?: { subscription: ReplySubscription; listener: ReplyQueueListener };
  consumes = 0;
  exists = true;
  readonly transcripts: AnswerTranscriptMessage[] = [];
  deleted = 0;
  private nextTag = 1;

  async consume(_messageId: string, listener: ReplyQueueListener, channel?: PooledChannel): Promise<ReplySubscription> {
    this.consumes += 1;
    const subscription = new ReplySubscription(channel?.isOpen ? channel : this.pooled, `relay.${this.consumes}`, listener);
    this.consumer = { subscription, listener };
    return subscription;
  }
  async assertExists(): Promise<void> {
    if (!this.exists) throw new ReplyQueueNotFoundError(MESSAGE);
  }
  transcriptsFail = false;
  async publishTranscript(transcript: AnswerTranscriptMessage): Promise<void> {
    if (this.transcriptsFail) throw new Error('The message broker is unavailable');
    this.transcripts.push(transcript);
  }
  async delete(): Promise<void> {
    this.deleted += 1;
  }

  /** Delivers a word (seq given) or the end (done) to the current consumer; returns its delivery tag. */
  deliver(body: object, type?: string): number {
    const deliveryTag = this.nextTag++;
    const message = {
      content: Buffer.from(JSON.stringify(body)),
      fields: { deliveryTag },
      properties: { type },
    } as unknown as ConsumeMessage;
    this.consumer!.subscription.deliver(message);
    return deliveryTag;
  }
  word(seq: number, text = `w${seq}`): number {
    return this.deliver({ ...HEADER, text, seq });
  }
  end(seq: number, error?: string): number {
    return this.deliver({ ...HEADER, text: '^*END*^', seq, done: true, ...(error ? { error } : {}) });
  }
  loseChannel(): void {
    this.amqp.emit('close');
    this.amqp = new FakeAmqpChannel();
    this.pooled = new PooledChannel(this.amqp as unknown as Channel);
  }
}

/** An event stream that takes `room` frames before it is full, until the test drains it. */
class FakeStream implements EventStream {
  readonly frames: string[] = [];
  ended?: string;
  cut = false;
  room = Infinity;
  private blockedAt = 0;
  constructor(readonly listener: SseStreamListener) {}
  get blocked(): boolean {
    return this.blockedAt !== 0;
  }
  blockedFor(now: number): number {
    return this.blockedAt === 0 ? 0 : now - this.blockedAt;
  }
  send(frame: string): boolean {
    this.frames.push(frame);
    if (--this.room > 0) return true;
    this.blockedAt ||= Date.now();
    return false;
  }
  heartbeat(): void {
    this.frames.push(':\n\n');
  }
  end(lastFrames = ''): void {
    this.ended = lastFrames;
  }
  cutOff(): void {
    this.cut = true;
  }
  drain(room = Infinity): void {
    this.room = room;
    this.blockedAt = 0;
    this.listener.onDrain();
  }
  /** The seq of every word event written, in order. */
  get ids(): number[] {
    const written = [...this.frames, ...(this.ended ?? '').split(/(?<=\n\n)/)];
    return written.filter((frame) => frame.startsWith('id: ')).map((frame) => Number(frame.slice(4, frame.indexOf('\n'))));
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setUp(resumeAfter = 0, settings: RelaySettings = SETTINGS) {
  const queues = new FakeReplyQueues();
  const claims = {
    announced: [] as string[],
    withdrawn: 0,
    announce: (relay: AnswerRelay) => claims.announced.push(relay.claim),
    withdraw: () => (claims.withdrawn += 1),
  };
  const expiry = {
    timers: [] as string[],
    expireAfter: (_id: string, ms: number, reason: string) => expiry.timers.push(`${reason} ${ms}`),
  };
  const warnings: string[] = [];
  const firstWords: string[] = [];
  const context: RelayContext = {
    replyQueues: queues,
    claims,
    expiry,
    closed: () => undefined,
    firstWordOut: (messageId) => firstWords.push(messageId),
    shuttingDown: false,
    settings,
    logger: { warn: (line) => warnings.push(line) },
    counts: { wordsRelayed: 0, resumes: 0, takeovers: 0, stalledClients: 0, firstWordAfter: () => undefined },
  };
  let stream!: FakeStream;
  const target: StreamTarget = { chatId: CHAT, messageId: MESSAGE, resumeAfter };
  const relay = new AnswerRelay(target, context, (listener) => ({
    stream: (stream = new FakeStream(listener)),
    format: new AnswerFrames(),
  }));
  return { relay, queues, claims, expiry, warnings, firstWords, stream, start: async () => relay.start() };
}

describe('AnswerRelay', () => {
  it('claims the answer before it consumes, then writes each word with its seq as id, and the end', async () => {
    const { queues, claims, firstWords, stream, start } = setUp();
    await start();
    expect(claims.announced).toHaveLength(1);
    expect(queues.consumes).toBe(1);
    queues.word(1, 'hello');
    // Told once, at the first word: the message's pool of reply queues refills then.
    expect(firstWords).toEqual([MESSAGE]);
    queues.word(2, 'world');
    queues.end(3);
    expect(stream.ids).toEqual([1, 2, 3]);
    expect(firstWords).toEqual([MESSAGE]);
    expect(JSON.parse(stream.frames[0].split('data: ')[1])).toEqual({ ...HEADER, text: 'hello', seq: 1 });
    expect(stream.ended).toBe(
      `id: 3\ndata: ${JSON.stringify({ ...HEADER, text: '^*END*^', seq: 3, done: true })}\n\nevent: end\ndata: Stream ended\n\n`,
    );
  });

  it("relays each word's separator, keeps it in the transcript and gives it back to a late reader", async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.deliver({ ...HEADER, text: 'line', sep: '\n\n', seq: 1 });
    queues.deliver({ ...HEADER, text: 'two', sep: '', seq: 2 });
    queues.end(3);
    const data = (frame: string) => JSON.parse(frame.split('data: ')[1]) as object;
    expect(stream.frames.map(data)).toEqual([
      { ...HEADER, text: 'line', sep: '\n\n', seq: 1 },
      { ...HEADER, text: 'two', sep: '', seq: 2 },
    ]);
    await flush();
    expect(queues.transcripts).toEqual([{ ...HEADER, words: ['line', 'two'], seps: ['\n\n', ''], end_seq: 3 }]);

    const late = setUp();
    await late.start();
    late.queues.deliver(queues.transcripts[0], TRANSCRIPT_MESSAGE_TYPE);
    expect(late.stream.frames.map(data)).toEqual(stream.frames.map(data));
  });

  it('writes no separator for words of the original protocol, and keeps none in the transcript', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.deliver({ ...HEADER, text: 'old' });
    queues.deliver({ ...HEADER, text: '^*END*^' });
    expect(stream.frames[0]).not.toContain('"sep"');
    await flush();
    expect(queues.transcripts).toEqual([{ ...HEADER, words: ['old'], end_seq: 2 }]);
  });

  it('skips a word whose separator is not a string', async () => {
    const { queues, stream, warnings, start } = setUp();
    await start();
    const bad = queues.deliver({ ...HEADER, text: 'x', sep: 1, seq: 1 });
    expect(stream.frames).toEqual([]);
    expect(queues.amqp.acked).toEqual([bad]);
    expect(warnings).toEqual([`Skipped a malformed word for message ${MESSAGE}`]);
  });

  it('writes words that arrive out of order in order, each once', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.word(2);
    queues.word(3);
    expect(stream.ids).toEqual([]);
    queues.word(1);
    const repeat = queues.word(2);
    expect(stream.ids).toEqual([1, 2, 3]);
    expect(queues.amqp.acked).toEqual([repeat]);
  });

  it('keeps a finished answer as one transcript, and acks the words only once the broker has it', async () => {
    const { queues, expiry, start } = setUp();
    await start();
    const tags = [queues.word(1, 'a'), queues.word(2, 'b'), queues.end(3)];
    expect(queues.amqp.acked).toEqual([]);
    await flush();
    expect(queues.amqp.cancelled).toEqual(['relay.1']);
    expect(queues.transcripts).toEqual([{ ...HEADER, words: ['a', 'b'], end_seq: 3 }]);
    expect(queues.amqp.acked).toEqual(tags);
    expect(expiry.timers).toEqual(['retained 60000']);
  });

  it('resumes after Last-Event-ID: holds the words before it without writing them, and keeps them in the transcript', async () => {
    const { queues, stream, start } = setUp(2);
    await start();
    queues.word(1, 'a');
    queues.word(2, 'b');
    queues.word(3, 'c');
    queues.end(4);
    expect(stream.ids).toEqual([3, 4]);
    await flush();
    expect(queues.transcripts[0].words).toEqual(['a', 'b', 'c']);
  });

  it('waits for every word before it ends, even those the client said it has', async () => {
    const { queues, stream, start } = setUp(3);
    await start();
    queues.end(4);
    expect(stream.ended).toBeUndefined();
    [1, 2, 3].forEach((seq) => queues.word(seq));
    expect(stream.ids).toEqual([4]);
  });

  it('sends only the end event to a client that has the end already', async () => {
    const { queues, stream, start } = setUp(3);
    await start();
    [1, 2].forEach((seq) => queues.word(seq));
    queues.end(3);
    expect(stream.ids).toEqual([]);
    expect(stream.ended).toBe('event: end\ndata: Stream ended\n\n');
  });

  it('relays a kept transcript to a late reader, and puts that same transcript back afterwards', async () => {
    const { queues, stream, start } = setUp(1);
    await start();
    const tag = queues.deliver({ ...HEADER, words: ['a', 'b'], end_seq: 3 }, TRANSCRIPT_MESSAGE_TYPE);
    expect(stream.ids).toEqual([2, 3]);
    await flush();
    expect(queues.transcripts).toEqual([]);
    expect(queues.amqp.requeued).toEqual([tag]);
  });

  it('stops consuming while the client is behind, and goes on once it has drained', async () => {
    const { queues, stream, start } = setUp();
    await start();
    stream.room = 2;
    queues.word(1);
    queues.word(2);
    await flush();
    expect(queues.amqp.cancelled).toEqual(['relay.1']);
    // Sent before the cancel took effect: held, not written.
    queues.word(3);
    expect(stream.ids).toEqual([1, 2]);
    stream.drain();
    await flush();
    expect(stream.ids).toEqual([1, 2, 3]);
    expect(queues.consumes).toBe(2);
    queues.word(4);
    expect(stream.ids).toEqual([1, 2, 3, 4]);
  });

  it('with original reply queues, acks each word as it comes and keeps consuming while the client is behind', async () => {
    const { queues, stream, start } = setUp(0, { ...SETTINGS, replyQueues: 'original' });
    await start();
    stream.room = 2;
    const tags = [queues.word(1), queues.word(2), queues.word(3)];
    await flush();
    // Cancelling would delete an auto-delete queue, and the answer with it.
    expect(queues.amqp.cancelled).toEqual([]);
    expect(queues.amqp.acked).toEqual(tags);
    expect(stream.ids).toEqual([1, 2]);
    stream.drain();
    expect(stream.ids).toEqual([1, 2, 3]);
    expect(queues.consumes).toBe(1);
  });

  it('cuts off a client that takes nothing for STALLED_CLIENT_MS and puts back everything it held as one transcript', async () => {
    const { relay, queues, stream, expiry, start } = setUp();
    await start();
    stream.room = 1;
    const tags = [queues.word(1, 'a'), queues.word(3, 'c')];
    relay.tick(Date.now() + SETTINGS.stalledClientMs - 100);
    expect(stream.cut).toBe(false);
    relay.tick(Date.now() + SETTINGS.stalledClientMs + 1);
    await flush();
    expect(stream.cut).toBe(true);
    expect(queues.transcripts).toEqual([{ ...HEADER, words: ['a', null, 'c'] }]);
    expect(queues.amqp.acked).toEqual(tags);
    expect(expiry.timers).toEqual(['abandoned 30000']);
  });

  it('puts back what it held once the client has left, after its consumer is cancelled', async () => {
    const { queues, stream, expiry, start } = setUp();
    await start();
    const tags = [queues.word(1, 'a'), queues.word(2, 'b')];
    stream.listener.onClosed();
    await flush();
    expect(queues.amqp.cancelled).toEqual(['relay.1']);
    expect(queues.transcripts).toEqual([{ ...HEADER, words: ['a', 'b'] }]);
    expect(queues.amqp.acked).toEqual(tags);
    expect(expiry.timers).toEqual(['abandoned 30000']);
  });

  it('requeues what it held, one by one, when the broker cannot take the transcript', async () => {
    const { queues, stream, warnings, start } = setUp();
    await start();
    const tags = [queues.word(1), queues.word(2)];
    queues.transcriptsFail = true;
    stream.listener.onClosed();
    await flush();
    expect(queues.amqp.requeued).toEqual(tags);
    expect(queues.amqp.acked).toEqual([]);
    expect(warnings).toEqual([`Message ${MESSAGE} is kept word by word: The message broker is unavailable`]);
  });

  it('lets go of the answer for a newer claim, saying so, and leaves its expiry to the newer relay', async () => {
    const { relay, queues, stream, expiry, start } = setUp();
    await start();
    const tag = queues.word(1);
    relay.heardClaim(`${relay.claim}z`);
    await flush();
    expect(stream.ended).toBe('event: error\ndata: {"code":"moved","message":"The answer moved to another connection"}\n\n');
    expect(queues.amqp.acked).toEqual([tag]);
    expect(queues.transcripts).toHaveLength(1);
    expect(expiry.timers).toEqual([]);
  });

  it('takes a partial transcript and the words after it in any order, and writes each word once', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.word(3, 'c');
    queues.deliver({ ...HEADER, words: ['a', 'b', null] }, TRANSCRIPT_MESSAGE_TYPE);
    queues.word(2, 'b');
    queues.end(4);
    expect(stream.ids).toEqual([1, 2, 3, 4]);
  });

  it('keeps the answer against an older claim, and announces its own again for the older relay to hear', async () => {
    const { relay, claims, stream, start } = setUp();
    await start();
    relay.heardClaim('0');
    expect(stream.ended).toBeUndefined();
    expect(claims.announced).toEqual([relay.claim, relay.claim]);
  });

  it('ends with an error event when the queue is deleted', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.consumer!.subscription.deliver(null);
    expect(stream.ended).toBe(
      'event: error\ndata: {"code":"gone","message":"The stream was interrupted: the answer was cancelled or has expired"}\n\n',
    );
  });

  it('consumes again after a lost channel and writes nothing twice', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.word(1);
    queues.loseChannel();
    await flush();
    expect(queues.consumes).toBe(2);
    queues.word(1);
    queues.word(2);
    expect(stream.ids).toEqual([1, 2]);
  });

  it('ends with the worker error as an error event', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.end(1, 'No worker available');
    expect(stream.ended).toBe('event: error\ndata: {"code":"worker_error","message":"No worker available"}\n\n');
  });

  it('gives up on a silent worker and deletes the queue, so that a late worker stops', async () => {
    const { relay, queues, stream, start } = setUp();
    await start();
    relay.tick(Date.now() + SETTINGS.idleTimeoutMs + 1);
    expect(stream.ended).toBe(
      'event: error\ndata: {"code":"worker_silent","message":"No answer from the worker for 10 s; the message was abandoned"}\n\n',
    );
    await flush();
    expect(queues.deleted).toBe(1);
  });

  it('refuses an answer longer than MAX_ANSWER_WORDS', async () => {
    const { queues, stream, start } = setUp();
    await start();
    queues.word(SETTINGS.maxAnswerWords + 2);
    expect(stream.ended).toBe(
      'event: error\ndata: {"code":"too_long","message":"The answer is longer than 100 words; the rest was dropped"}\n\n',
    );
  });

  it('replaces every 64 held words by one segment while relaying, and acks them once the broker has it', async () => {
    const { queues, stream, start } = setUp();
    await start();
    const tags = Array.from({ length: 64 }, (_, i) => queues.word(i + 1));
    await flush();
    expect(queues.transcripts).toEqual([{ ...HEADER, first_seq: 1, words: Array.from({ length: 64 }, (_, i) => `w${i + 1}`) }]);
    expect(queues.amqp.acked).toEqual(tags);
    // The segment comes back to this relay, which holds it until the whole answer is kept.
    const segmentTag = queues.deliver(queues.transcripts[0], TRANSCRIPT_MESSAGE_TYPE);
    const lastTags = [queues.word(65), queues.end(66)];
    await flush();
    expect(stream.ids).toHaveLength(66);
    expect(queues.transcripts[1].words).toHaveLength(65);
    expect(queues.amqp.acked).toEqual([...tags, segmentTag, ...lastTags]);
  });

  it('keeps holding the words of a segment the broker would not take', async () => {
    const { queues, start, stream } = setUp();
    await start();
    queues.transcriptsFail = true;
    const tags = Array.from({ length: 64 }, (_, i) => queues.word(i + 1));
    await flush();
    expect(queues.amqp.acked).toEqual([]);
    queues.transcriptsFail = false;
    stream.listener.onClosed();
    await flush();
    expect(queues.amqp.acked).toEqual(tags);
  });

  it('sends heartbeats through the stream on every tick', async () => {
    const { relay, stream, start } = setUp();
    await start();
    relay.tick(Date.now());
    expect(stream.frames).toEqual([':\n\n']);
  });
});
