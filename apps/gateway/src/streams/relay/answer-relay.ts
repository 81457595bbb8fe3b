import { ConsumeMessage } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  END_MARKER,
  isEndOfStream,
  MessageHeader,
  readAnswerTranscript,
  readWordMessage,
  ReplyQueueMode,
  TRANSCRIPT_MESSAGE_TYPE,
} from '@app/contracts';
import { ChannelLossListener, PooledChannel } from '../../reply-queues/pooled-channel';
import { ReplyQueueNotFoundError } from '../../reply-queues/reply-queue-not-found.error';
import { ReplyListener, ReplySubscription } from '../../reply-queues/reply-subscription';
import { ReplyQueues } from '../../reply-queues/reply-queues';
import { RelayCounts } from '../../metrics/gateway-metrics';
import { ExpiryReason } from '../../reply-queues/answer-expiry';
import { sseEvent } from '../sse/sse-frame';
import { SseStream, SseStreamListener } from '../sse/sse-stream';
import { AnswerRecord } from './answer-record';

export interface StreamTarget {
  chatId: string;
  messageId: string;
  /** Words up to this seq are already on the client's screen. */
  resumeAfter: number;
}

export interface RelaySettings {
  idleTimeoutMs: number;
  stalledClientMs: number;
  heartbeatMs: number;
  resumeWindowMs: number;
  completedRetentionMs: number;
  maxAnswerWords: number;
  replyQueues: ReplyQueueMode;
}

/** What every relay of a gateway shares: the broker's queues, the claims, the expiry timers. */
export interface RelayContext {
  replyQueues: Pick<ReplyQueues, 'consume' | 'assertExists' | 'keepTranscript' | 'delete'>;
  claims: { announce(relay: AnswerRelay): void; withdraw(relay: AnswerRelay): void };
  expiry: { expireAfter(messageId: string, afterMs: number, reason: ExpiryReason): void };
  /** Told once the relay's response has closed. */
  closed(relay: AnswerRelay): void;
  /** The gateway is shutting down: closing its broker connection will give back everything held. */
  readonly shuttingDown: boolean;
  settings: RelaySettings;
  logger: { warn(message: string): void };
  counts: RelayCounts;
}

/** The parts of SseStream a relay drives. */
export type EventStream = Pick<SseStream, 'blocked' | 'blockedFor' | 'send' | 'heartbeat' | 'end' | 'cutOff'>;

/** How long a stream whose consumer was lost waits for the broker to come back before it gives up. */
const REATTACH_TIMEOUT_MS = 20_000;
const REATTACH_RETRY_MS = 500;

/**
 * Word messages a relay holds before it replaces them by one segment. The broker keeps a held message
 * for about 1.9 KB (measured), a word in a segment for a few bytes; and RabbitMQ 3.10 finds the
 * message an ack settles by walking its channel's unacked messages from the oldest: acking 15,000
 * held on one channel took 2.6-5.3 s, 2,500 took 0.13 s. 64 keeps a channel of 60 busy streams near
 * the latter, with a segment per 64 words.
 */
const CHECKPOINT_WORDS = 64;

const END_EVENT = sseEvent('Stream ended', { event: 'end' });
const MOVED_EVENT = sseEvent('The answer moved to another connection', { event: 'error' });
const GONE_EVENT = sseEvent('The stream was interrupted: the answer was cancelled or has expired', { event: 'error' });

/**
 * relaying: writing words as they come. completing: the end is written, and the answer is being kept
 * for a resume. done: nothing more to write; what was held is being, or has been, put back.
 */
type Phase = 'relaying' | 'completing' | 'done';

let claimsMade = 0;

/**
 * The answer session behind one event stream. It relays each word once and in order (by seq) while
 * the client keeps up, and holds every message of the answer unacked meanwhile, so that whoever
 * resumes it, here or on another gateway, gets it whole. When its client leaves, stalls or is taken
 * over by a newer request for the answer, or once the end is written, what it held goes back to the
 * queue as one transcript. A client that falls behind stops the consumer, so that its words wait in
 * the broker rather than here.
 */
export class AnswerRelay implements ReplyListener, ChannelLossListener, SseStreamListener {
  /** Orders this relay among all relays of the answer, on every gateway: the newest one keeps it. */
  readonly claim: string;
  private phase: Phase = 'relaying';
  private readonly stream: EventStream;
  private readonly answer = new AnswerRecord();
  /** Where the held deliveries live; kept across pauses, lost only with the channel. */
  private channel?: PooledChannel;
  private subscription?: ReplySubscription;
  /** A consume or a cancel under way: the consumer is neither clearly on nor off until it settles. */
  private switching?: Promise<void>;
  /** The last seq on the client's screen, or that the client said it has. */
  private written: number;
  private lastProgressAt = Date.now();
  private readonly openedAt = Date.now();
  /** A newer relay claimed the answer while this one was keeping it: the newer one sees to its expiry. */
  private superseded = false;
  /** The JSON of every word event up to its text, the same for the whole answer. */
  private wordPrefix?: string;
  /** A segment on its way to the broker; its words are acked once it is confirmed. */
  private checkpoint?: Promise<unknown>;

  constructor(
    readonly target: StreamTarget,
    private readonly context: RelayContext,
    openStream: (listener: SseStreamListener) => EventStream,
    /** Who streams it, for the per-client limit. */
    readonly client = '',
  ) {
    this.claim = newClaim();
    this.written = target.resumeAfter;
    this.stream = openStream(this);
  }

  get messageId(): string {
    return this.target.messageId;
  }

  /** Claims the answer (a relay holding it elsewhere lets go), then consumes its reply queue. */
  async start(): Promise<void> {
    this.context.claims.announce(this);
    await this.switchConsumer(true).catch((error: unknown) => {
      if (!(error instanceof ReplyQueueNotFoundError)) throw error;
      this.onQueueGone();
    });
  }

  /**
   * Records every message, even one that arrives after the relay stopped relaying (it was sent before
   * the cancel took effect): what is held must be in the record, which is what replaces it.
   */
  onReply(message: ConsumeMessage, subscription: ReplySubscription): void {
    this.channel ??= this.adoptChannel(subscription.pooled);
    const deliveryTag = message.fields.deliveryTag;
    // The seq of a new word, 0 for another new message (an end, a transcript), null for a repeat or a malformed one.
    const held = message.properties.type === TRANSCRIPT_MESSAGE_TYPE ? this.addTranscript(message) : this.addWord(message);
    // An original-mode queue keeps nothing for a resume: what arrived is the relay's alone.
    if (held === null || this.context.settings.replyQueues === 'original') this.channel.ack(deliveryTag);
    else this.answer.hold(deliveryTag, held);
    if (this.phase !== 'relaying') return;
    this.lastProgressAt = Date.now();
    this.writeReady();
    if (this.answer.heldWordCount >= CHECKPOINT_WORDS) this.keepHeldWords();
  }

  onQueueGone(): void {
    this.subscription = undefined;
    if (this.phase !== 'relaying') return;
    // The queue, and every message held from it, is gone.
    this.answer.takeHeld();
    this.finish();
    this.stream.end(GONE_EVENT);
  }

  /** The channel closed (e.g. the broker connection dropped); the broker has put back what was held. */
  channelLost(reason: string): void {
    this.channel = undefined;
    this.subscription = undefined;
    this.answer.takeHeld();
    if (this.phase !== 'relaying') return;
    this.context.logger.warn(`Stream of message ${this.messageId} lost its consumer (${reason}); re-attaching`);
    void this.reattach(Date.now() + REATTACH_TIMEOUT_MS);
  }

  onDrain(): void {
    if (this.phase !== 'relaying') return;
    this.lastProgressAt = Date.now();
    this.writeReady();
    if (!this.stream.blocked && !this.subscription) void this.resumeConsuming();
  }

  onClosed(): void {
    this.context.closed(this);
    if (this.phase === 'relaying') void this.letGo('left');
  }

  /** Another relay of this answer announced itself, here or on another gateway. */
  heardClaim(claim: string): void {
    if (claim === this.claim) return;
    if (claim < this.claim) {
      // An older relay that never heard this one's claim (it announced before this one was set up, or
      // its gateway was away from the broker): say it again, and the older one lets go.
      if (this.phase === 'relaying') this.context.claims.announce(this);
      return;
    }
    if (this.phase === 'completing') this.superseded = true;
    if (this.phase === 'relaying') void this.letGo('moved');
  }

  /** Called about once a second (more often with short settings): heartbeats and the timeouts. */
  tick(now: number): void {
    if (this.phase !== 'relaying') return;
    const { stalledClientMs, heartbeatMs, idleTimeoutMs } = this.context.settings;
    if (this.stream.blockedFor(now) >= stalledClientMs) return void this.letGo('stalled');
    this.stream.heartbeat(now, heartbeatMs);
    if (!this.stream.blocked && now - this.lastProgressAt >= idleTimeoutMs) this.workerSilent(idleTimeoutMs);
  }

  /** Ends the stream with an error event; held words go back to the queue. */
  fail(reason: string): void {
    if (this.phase !== 'relaying') return;
    this.finish();
    this.stream.end(sseEvent(reason, { event: 'error' }));
    void this.putBack();
  }

  private addWord(message: ConsumeMessage): number | null {
    const word = readWordMessage(message.content);
    if (!word) {
      this.context.logger.warn(`Skipped a malformed word for message ${this.messageId}`);
      return null;
    }
    const seq = word.seq ?? this.answer.nextSeq;
    if (seq > this.context.settings.maxAnswerWords + 1) {
      if (this.phase === 'relaying') this.tooLong();
      return null;
    }
    if (isEndOfStream(word)) return this.answer.addEnd(seq, word, word.error) ? 0 : null;
    return this.answer.addWord(seq, word.text, word, word.sep) ? seq : null;
  }

  private addTranscript(message: ConsumeMessage): number | null {
    const transcript = readAnswerTranscript(message.content);
    if (!transcript) {
      this.context.logger.warn(`Skipped a malformed transcript for message ${this.messageId}`);
      return null;
    }
    this.answer.addTranscript(transcript, message.fields.deliveryTag);
    return 0;
  }

  /** Writes every word that is next in order, while the client keeps up; then the end, once all is here. */
  private writeReady(): void {
    if (this.phase !== 'relaying' || this.stream.blocked) return;
    const counts = this.context.counts;
    if (this.written === 0 && this.answer.text(1) !== undefined) counts.firstWordAfter(Date.now() - this.openedAt);
    for (let seq = this.written + 1, text = this.answer.text(seq); text !== undefined; text = this.answer.text(++seq)) {
      this.written = seq;
      counts.wordsRelayed += 1;
      if (!this.stream.send(sseEvent(this.wordData(text, seq, this.answer.sep(seq)), { id: seq }))) return this.pauseConsuming();
    }
    if (this.answer.isWhole && this.written + 1 >= this.answer.endSeq) this.complete();
  }

  private complete(): void {
    this.phase = 'completing';
    this.context.claims.withdraw(this);
    this.stream.end(this.endFrames());
    void this.keepForResume();
  }

  private endFrames(): string {
    const { endSeq, error } = this.answer;
    if (error !== undefined) return sseEvent(error, { event: 'error' });
    // A client that resumes after the end's data event has it already, and needs only the end event.
    const done = this.written >= endSeq ? '' : sseEvent(this.wordData(END_MARKER, endSeq, undefined, true), { id: endSeq });
    return done + END_EVENT;
  }

  /** Keeps the finished answer for a client that missed its end, until it is released or its retention ends. */
  private async keepForResume(): Promise<void> {
    await this.putBack();
    if (!this.superseded) this.context.expiry.expireAfter(this.messageId, this.context.settings.completedRetentionMs, 'retained');
  }

  /**
   * left: the client closed the connection; stalled: it took nothing for STALLED_CLIENT_MS; moved: a
   * newer request for the answer took it over. Whoever resumes it gets everything this relay held.
   */
  private async letGo(why: 'left' | 'stalled' | 'moved'): Promise<void> {
    this.finish();
    if (why === 'moved') {
      this.context.counts.takeovers += 1;
      this.stream.end(MOVED_EVENT);
    }
    if (why === 'stalled') {
      this.context.counts.stalledClients += 1;
      this.stream.cutOff();
    }
    await this.putBack();
    // A relay that took the answer over sees to it from now on.
    if (why !== 'moved') this.context.expiry.expireAfter(this.messageId, this.context.settings.resumeWindowMs, 'abandoned');
  }

  /**
   * Stops consuming, then replaces every message held by one transcript of all this relay has, and
   * acks them once the broker has confirmed it. Requeueing them one by one would keep their order as
   * well, but the broker takes a time that grows with the square of their number (over a minute for
   * 16,000). One held transcript of the whole answer is simply put back. If the transcript cannot
   * be kept, the messages are requeued (or, with the channel gone, already are). At shutdown nothing
   * is done: the broker requeues all a closed connection held at once, which is quick.
   */
  private async putBack(): Promise<void> {
    if (this.context.shuttingDown) return;
    await this.stopConsuming();
    await this.checkpoint;
    const { tags, transcriptTag } = this.answer.takeHeld();
    try {
      if (tags.length === 1 && transcriptTag) return this.channel?.requeue(transcriptTag);
      if (tags.length === 0) return;
      await this.context.replyQueues.keepTranscript(this.answer.transcript());
      for (const deliveryTag of tags) this.channel?.ack(deliveryTag);
    } catch (error) {
      if (!this.context.shuttingDown)
        this.context.logger.warn(`Message ${this.messageId} is kept word by word: ${(error as Error).message}`);
      for (const deliveryTag of tags) this.channel?.requeue(deliveryTag);
    } finally {
      this.channel?.listeners.delete(this);
    }
  }

  /**
   * A checkpoint while relaying: the word messages held so far are replaced by one segment, so that a
   * relay holds at most about CHECKPOINT_WORDS words whatever the answer's length. If the broker cannot
   * take the segment, they stay held; a later checkpoint, or putBack(), keeps them.
   */
  private keepHeldWords(): void {
    if (this.checkpoint) return;
    const channel = this.channel;
    const { words, segment } = this.answer.takeHeldWords();
    this.checkpoint = this.context.replyQueues
      .keepTranscript(segment)
      .then(
        () => words.tags.forEach((deliveryTag) => channel?.ack(deliveryTag)),
        // Held on a channel since lost, they are back in the queue already.
        () => channel === this.channel && this.answer.holdAgain(words),
      )
      .finally(() => (this.checkpoint = undefined));
  }

  private workerSilent(idleTimeoutMs: number): void {
    this.fail(`No answer from the worker for ${idleTimeoutMs / 1000} s; the message was abandoned`);
    // Deleting the queue tells a late worker (by returned words) that nobody listens any more.
    this.deleteQueue();
  }

  private tooLong(): void {
    this.fail(`The answer is longer than ${this.context.settings.maxAnswerWords} words; the rest was dropped`);
    this.deleteQueue();
  }

  private finish(): void {
    this.phase = 'done';
    this.context.claims.withdraw(this);
  }

  private pauseConsuming(): void {
    // Cancelling the last consumer of an original-mode (auto-delete) queue would delete it: the words
    // of a client that falls behind wait here instead, up to MAX_ANSWER_WORDS and STALLED_CLIENT_MS.
    if (this.context.settings.replyQueues === 'original') return;
    if (this.subscription && !this.switching) void this.switchConsumer(false);
  }

  private async resumeConsuming(): Promise<void> {
    try {
      // A consume of a queue deleted meanwhile would close the shared channel, and every consumer on it.
      await this.context.replyQueues.assertExists(this.messageId);
      await this.switchConsumer(true);
    } catch (error) {
      if (error instanceof ReplyQueueNotFoundError) this.onQueueGone();
      else this.fail(`The stream was interrupted: ${(error as Error).message}`);
    }
  }

  private async stopConsuming(): Promise<void> {
    await this.switchConsumer(false).catch(() => undefined);
  }

  /**
   * Starts or stops the consumer, one switch at a time; afterwards, follows whatever changed meanwhile
   * (the client drained or fell behind again, the relay ended).
   */
  private async switchConsumer(on: boolean): Promise<void> {
    while (this.switching) await this.switching.catch(() => undefined);
    const wanted = on && this.phase === 'relaying' && !this.stream.blocked;
    if (wanted === Boolean(this.subscription)) return;
    this.switching = wanted ? this.consume() : this.subscription!.cancel();
    if (!wanted) this.subscription = undefined;
    try {
      await this.switching;
    } finally {
      this.switching = undefined;
    }
    const stillWanted = this.phase === 'relaying' && !this.stream.blocked;
    if (stillWanted !== Boolean(this.subscription)) await this.switchConsumer(stillWanted);
  }

  private async consume(): Promise<void> {
    const subscription = await this.context.replyQueues.consume(this.messageId, this, this.channel);
    this.channel ??= this.adoptChannel(subscription.pooled);
    this.subscription = subscription;
    this.lastProgressAt = Date.now();
  }

  /** Deliveries come before consume-ok at times: the channel they are settled on is known from the first. */
  private adoptChannel(channel: PooledChannel): PooledChannel {
    channel.listeners.add(this);
    return channel;
  }

  private async reattach(deadline: number): Promise<void> {
    while (this.phase === 'relaying') {
      try {
        await this.context.replyQueues.assertExists(this.messageId);
        await this.switchConsumer(true);
        // A claim made while this gateway was away from the broker never reached it.
        this.context.claims.announce(this);
        return;
      } catch (error) {
        if (error instanceof ReplyQueueNotFoundError) return this.onQueueGone();
        if (Date.now() > deadline)
          return this.fail(`The stream was interrupted: the message broker did not come back (${(error as Error).message})`);
        await sleep(REATTACH_RETRY_MS);
      }
    }
  }

  private deleteQueue(): void {
    this.context.replyQueues.delete(this.messageId).catch((error: Error) => {
      this.context.logger.warn(`Could not delete the reply queue of message ${this.messageId}: ${error.message}`);
    });
  }

  private wordData(text: string, seq: number, sep?: string, done?: true): string {
    this.wordPrefix ??= headerPrefix(this.answer.header!);
    const sepField = sep === undefined ? '' : `,"sep":${jsonForSse(sep)}`;
    return `${this.wordPrefix}${jsonForSse(text)}${sepField},"seq":${seq}${done ? ',"done":true' : ''}}`;
  }
}

/** `{"chat_id":…,"chat_title":…,"message_id":…,"text":`, written once per answer rather than once per word. */
function headerPrefix({ chat_id, chat_title, message_id }: MessageHeader): string {
  const header = jsonForSse({ chat_id, chat_title, message_id });
  return `${header.slice(0, -1)},"text":`;
}

/**
 * JSON with U+2028 and U+2029 escaped: valid in JSON strings, but line terminators to JavaScript
 * before ES2019 and to code that evaluates what it receives. (Line breaks are escaped by JSON itself.)
 */
function jsonForSse(value: unknown): string {
  const json = JSON.stringify(value);
  return /[\u2028\u2029]/.test(json) ? json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/** A claim sorts after every claim made before it: the time first, then a counter, then a random part. */
function newClaim(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const count = (claimsMade++ % 36 ** 4).toString(36).padStart(4, '0');
  return `${time}.${count}.${Math.random().toString(36).slice(2, 10)}`;
}
