import { ConsumeMessage } from 'amqplib';
import { ReplyConsumer, ReplyConsumerEvents } from '../../reply-queues/reply-consumer';
import { SseStreamListener } from '../sse/sse-stream';
import { StreamErrorCode } from '../sse/stream-error';
import { isNewerClaim, newClaim } from '../takeover/claim-order';
import { AnswerRecord } from './answer-record';
import { HeldAnswer } from './held-answer';
import { AnswerFormat, AnswerOutput, EventStream, RelayContext, StreamTarget } from './relay-context';

/**
 * relaying: writing words as they come. completing: the end is written, and the answer is retained
 * for a resume. done: nothing more to write; what was held is being, or has been, put back.
 */
type Phase = 'relaying' | 'completing' | 'done';

/**
 * The answer session behind one event stream: each word once and in order (by seq) while the client
 * keeps up (one that falls behind stops the consumer: its words wait in the broker, not here), and the
 * answer's messages held (HeldAnswer) until the client leaves, stalls or is taken over, or the end is written.
 */
export class AnswerRelay implements SseStreamListener, ReplyConsumerEvents {
  /** Orders this relay among all relays of the answer, on every gateway: the newest one relays it. */
  readonly claim = newClaim();
  readonly messageId: string;
  private phase: Phase = 'relaying';
  private readonly stream: EventStream;
  private readonly answer = new AnswerRecord();
  private readonly format: AnswerFormat;
  private readonly consumer: ReplyConsumer;
  private readonly held: HeldAnswer;
  /** The last seq on the client's screen, or that the client said it has. */
  private written: number;
  private lastProgressAt = Date.now();
  private readonly openedAt = Date.now();
  /** A newer relay claimed the answer while this one was retaining it: the newer one sees to its expiry. */
  private superseded = false;

  constructor(
    target: StreamTarget,
    private readonly context: RelayContext,
    openOutput: (listener: SseStreamListener) => AnswerOutput,
    /** Who streams it, for the per-client limit. */
    readonly client = '',
  ) {
    this.messageId = target.messageId;
    this.written = target.resumeAfter;
    ({ stream: this.stream, format: this.format } = openOutput(this));
    this.consumer = new ReplyConsumer(context.replyQueues, target.messageId, context.settings.replyQueues, this);
    this.held = new HeldAnswer(this.answer, this.consumer, context, target.messageId);
  }

  /** Claims the answer (a relay holding it elsewhere lets go), then consumes its reply queue. */
  async start(): Promise<void> {
    this.context.claims.announce(this);
    await this.consumer.start();
    this.lastProgressAt = Date.now();
  }

  onDrain(): void {
    if (!this.relaying) return;
    this.lastProgressAt = Date.now();
    this.writeReady();
    if (this.stream.blocked || this.consumer.isOn) return;
    void this.consumer.resume().then(
      () => (this.lastProgressAt = Date.now()),
      (error: Error) => this.fail('broker_unavailable', `The stream was interrupted: ${error.message}`),
    );
  }

  onClosed(): void {
    this.context.closed(this);
    void this.letGo('left');
  }

  /** Another relay of this answer announced itself, here or on another gateway. */
  heardClaim(claim: string): void {
    if (isNewerClaim(claim, this.claim)) {
      if (this.phase === 'completing') this.superseded = true;
      return void this.letGo('moved');
    }
    // An older relay that never heard this one's claim (it announced before this one was set up, or
    // its gateway was away from the broker): say it again, and the older one lets go.
    if (claim !== this.claim && this.relaying) this.context.claims.announce(this);
  }

  /** Called about once a second (more often with short settings): heartbeats and the timeouts. */
  tick(now: number): void {
    if (!this.relaying) return;
    const { stalledClientMs, heartbeatMs, idleTimeoutMs } = this.context.settings;
    if (this.stream.blockedFor(now) >= stalledClientMs) return void this.letGo('stalled');
    this.stream.heartbeat(now, heartbeatMs);
    if (!this.stream.blocked && now - this.lastProgressAt >= idleTimeoutMs)
      this.abandon('worker_silent', `No answer from the worker for ${idleTimeoutMs / 1000} s; the message was abandoned`);
  }

  /** Ends the stream with an error event; held words go back to the queue. False when it had ended already. */
  fail(code: StreamErrorCode, message: string): boolean {
    if (!this.stopRelaying('done')) return false;
    this.stream.end(this.format.error(code, message));
    void this.held.putBack();
    return true;
  }

  /** The one guard: once a relay has stopped relaying, nothing that happens changes its stream. */
  private get relaying(): boolean {
    return this.phase === 'relaying';
  }

  /** False when it had stopped already. */
  private stopRelaying(next: 'completing' | 'done'): boolean {
    if (!this.relaying) return false;
    this.phase = next;
    this.context.claims.withdraw(this);
    return true;
  }

  /** Every message is held, even one sent before a cancel took effect; only a relaying relay writes. */
  received(message: ConsumeMessage): void {
    if (!this.held.take(message))
      this.abandon('too_long', `The answer is longer than ${this.context.settings.maxAnswerWords} words; the rest was dropped`);
    if (!this.relaying) return;
    this.lastProgressAt = Date.now();
    this.writeReady();
    this.held.checkpointIfDue();
  }

  /** Writes every word that is next in order, while the client keeps up; then the end, once all is here. */
  private writeReady(): void {
    if (this.stream.blocked) return;
    const counts = this.context.counts;
    if (this.written === 0 && this.answer.text(1) !== undefined) {
      counts.firstWordAfter(Date.now() - this.openedAt);
      this.context.firstWordOut(this.messageId);
    }
    for (let seq = this.written + 1, text = this.answer.text(seq); text !== undefined; text = this.answer.text(++seq)) {
      this.written = seq;
      counts.wordsRelayed += 1;
      if (!this.stream.send(this.format.word(this.answer.header!, seq, text, this.answer.sep(seq)))) return this.consumer.pause();
    }
    if (this.answer.isWhole && this.written + 1 >= this.answer.endSeq) void this.complete();
  }

  /** Writes the end, then retains the answer for a client that missed it, until it is released or its retention ends. */
  private async complete(): Promise<void> {
    this.stopRelaying('completing');
    this.stream.end(this.format.end(this.answer.header!, this.answer.endSeq, this.written, this.answer.ending));
    await this.held.putBack();
    if (!this.superseded) this.context.expiry.expireAfter(this.messageId, this.context.settings.completedRetentionMs, 'retained');
  }

  /**
   * left: the client closed the connection; stalled: it took nothing for STALLED_CLIENT_MS; moved: a
   * newer request for the answer took it over. Whoever resumes it gets everything this relay held.
   */
  private async letGo(why: 'left' | 'stalled' | 'moved'): Promise<void> {
    if (!this.stopRelaying('done')) return;
    if (why === 'moved') {
      this.context.counts.takeovers += 1;
      this.stream.end(this.format.error('moved', 'The answer moved to another connection'));
    }
    if (why === 'stalled') {
      this.context.counts.stalledClients += 1;
      this.stream.cutOff();
    }
    await this.held.putBack();
    // A relay that took the answer over sees to it from now on.
    if (why !== 'moved') this.context.expiry.expireAfter(this.messageId, this.context.settings.resumeWindowMs, 'abandoned');
  }

  /** Ends the stream, and deletes the queue: a late worker learns (by returned words) that nobody listens any more. */
  private abandon(code: StreamErrorCode, message: string): void {
    if (!this.fail(code, message)) return;
    this.context.replyQueues.delete(this.messageId).catch((error: Error) => {
      this.context.logger.warn(`Could not delete the reply queue of message ${this.messageId}: ${error.message}`);
    });
  }

  wanted(): boolean {
    return this.relaying && !this.stream.blocked;
  }

  queueGone(): void {
    if (!this.stopRelaying('done')) return;
    this.held.drop();
    this.stream.end(this.format.error('gone', 'The stream was interrupted: the answer was cancelled or has expired'));
  }

  /** The channel closed (e.g. the broker connection dropped); the broker has put back what was held. */
  async channelLost(reason: string): Promise<void> {
    this.held.drop();
    if (!this.relaying) return;
    this.context.logger.warn(`Stream of message ${this.messageId} lost its consumer (${reason}); re-attaching`);
    try {
      // A claim made while this gateway was away from the broker never reached it.
      if (await this.consumer.reattach(() => this.relaying)) this.context.claims.announce(this);
      this.lastProgressAt = Date.now();
    } catch (error) {
      this.fail('broker_unavailable', `The stream was interrupted: the message broker did not come back (${(error as Error).message})`);
    }
  }
}
