import { Logger } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { END_MARKER, isEndOfStream } from '@app/contracts';
import { ReplyListener, ReplySubscription } from '../reply-queues/reply-subscription';
import { ReplyQueueNotFoundError } from '../reply-queues/reply-queue-not-found.error';
import { ReplyQueues } from '../reply-queues/reply-queues.service';
import { readReplyWord, ReplyWord } from './reply-word';
import { SeqOrder } from './seq-order';
import { ResumeWindow } from './resume-window';
import { sseEvent } from './sse-event';

export interface StreamTarget {
  chatId: string;
  messageId: string;
  /** Words up to this seq are already on the client's screen. */
  resumeAfter: number;
}

/** What every relay of this gateway shares. */
export interface RelayContext {
  replyQueues: ReplyQueues;
  resumeWindow: ResumeWindow;
  idleTimeoutMs: number;
  logger: Logger;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** How soon a browser's EventSource should reconnect after a dropped connection. */
const RECONNECT_DELAY_MS = 1000;
/** How long a stream waits for the broker to come back before it gives up with an error event. */
const REATTACH_TIMEOUT_MS = 20_000;
const REATTACH_RETRY_MS = 500;
/** How long an early word waits for the missing ones before them before the stream moves on without them. */
const GAP_WAIT_MS = 2000;

interface ArrivedWord {
  seq: number;
  word: ReplyWord;
  message: ConsumeMessage;
  subscription: ReplySubscription;
}

/**
 * Relays one reply queue to one SSE response: each word once and in order (by seq), the end events,
 * then the queue's deletion. Ends with `event: error` when the worker stays silent or the consumer is
 * lost. A client that goes away stops it at once; words still in flight go back to the queue.
 */
export class StreamRelay implements ReplyListener {
  private readonly order: SeqOrder<ArrivedWord>;
  private closed = false;
  private subscription?: ReplySubscription;
  private readonly idleTimer: NodeJS.Timeout;
  private gapTimer?: NodeJS.Timeout;

  constructor(
    private readonly response: ServerResponse,
    private readonly target: StreamTarget,
    private readonly context: RelayContext,
  ) {
    this.order = new SeqOrder(target.resumeAfter);
    response.writeHead(200, SSE_HEADERS);
    response.write(`retry: ${RECONNECT_DELAY_MS}\n\n`);
    response.once('close', () => this.clientGone());
    this.idleTimer = setTimeout(() => this.workerSilent(), context.idleTimeoutMs);
  }

  attach(subscription: ReplySubscription): void {
    this.subscription = subscription;
    if (this.closed) void subscription.release();
  }

  onReply(message: ConsumeMessage, subscription: ReplySubscription): void {
    // Arrived after the client left: kept, to go back to the queue with the rest.
    if (this.closed) return subscription.hold(message);
    const word = readReplyWord(message.content);
    if (!word) {
      this.context.logger.warn(`Skipped a malformed word for message ${this.target.messageId}`);
      return subscription.ack(message);
    }
    const seq = word.seq ?? this.order.lastSeq + 1;
    const ready = this.order.push(seq, { seq, word, message, subscription });
    // Seen before: already on the client's screen (a resume, or a regenerated answer after redelivery).
    if (ready === null) return subscription.ack(message);
    this.relay(ready);
    if (this.order.waiting) this.gapTimer ??= setTimeout(() => this.skipGap(), GAP_WAIT_MS);
  }

  private relay(words: ArrivedWord[]): void {
    for (const { seq, word, message, subscription } of words) {
      if (this.closed) subscription.hold(message);
      else if (isEndOfStream(word)) void this.finish(word, seq, message, subscription);
      else {
        this.response.write(sseEvent(this.wordData(word, seq), { id: seq }));
        subscription.hold(message);
      }
    }
    this.idleTimer.refresh();
  }

  private skipGap(): void {
    this.gapTimer = undefined;
    if (this.closed) return;
    this.context.logger.warn(`Message ${this.target.messageId}: words after ${this.order.lastSeq} never arrived; moving on`);
    this.relay(this.order.skipGap());
  }

  onQueueGone(): void {
    this.fail('The stream was interrupted: the answer was cancelled or has expired');
  }

  /**
   * The broker connection (or channel) dropped. Its unacked words went back to the queue, which is
   * durable; consume it again once the broker is back, skipping by seq what the client already has.
   */
  onChannelLost(reason: string): void {
    if (this.closed) return;
    this.subscription = undefined;
    this.context.logger.warn(`Stream of message ${this.target.messageId} lost its consumer (${reason}); re-attaching`);
    void this.reattach(Date.now() + REATTACH_TIMEOUT_MS);
  }

  private async reattach(deadline: number): Promise<void> {
    while (!this.closed) {
      try {
        await this.context.replyQueues.assertExists(this.target.messageId);
        return this.attach(await this.context.replyQueues.consume(this.target.messageId, this));
      } catch (error) {
        if (error instanceof ReplyQueueNotFoundError) return this.onQueueGone();
        if (Date.now() > deadline) return this.fail(`The stream was interrupted: the message broker did not come back (${(error as Error).message})`);
        await sleep(REATTACH_RETRY_MS);
      }
    }
  }

  fail(reason: string): void {
    if (this.closed) return;
    this.close();
    this.cancelConsumer();
    this.response.end(sseEvent(reason, { event: 'error' }));
  }

  private async finish(word: ReplyWord, seq: number, message: ConsumeMessage, subscription: ReplySubscription): Promise<void> {
    this.close();
    if (word.error !== undefined) {
      this.response.write(sseEvent(word.error, { event: 'error' }));
    } else {
      this.response.write(sseEvent(this.wordData({ ...word, text: END_MARKER }, seq, true), { id: seq }));
      this.response.write(sseEvent('Stream ended', { event: 'end' }));
    }
    subscription.complete(message);
    await this.context.replyQueues.delete(this.target.messageId).catch((error: Error) => this.cannotDelete(error));
    this.response.end();
  }

  private workerSilent(): void {
    if (this.closed) return;
    this.fail(`No answer from the worker for ${this.context.idleTimeoutMs / 1000} s; the message was abandoned`);
    // Deleting the queue tells a late worker (by returned words) that nobody listens any more.
    this.context.replyQueues.delete(this.target.messageId).catch((error: Error) => this.cannotDelete(error));
  }

  private clientGone(): void {
    if (this.closed) return;
    this.close();
    if (this.subscription) void this.subscription.release();
    this.context.resumeWindow.clientLeft(this.target.messageId);
  }

  /** Stops relaying; the caller decides what happens to the consumer and the queue. Early words go back with the rest. */
  private close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.gapTimer);
    for (const { message, subscription } of this.order.takeAll()) subscription.hold(message);
  }

  private cancelConsumer(): void {
    void this.subscription?.cancel();
  }

  private cannotDelete(error: Error): void {
    this.context.logger.warn(`Could not delete the reply queue of message ${this.target.messageId}: ${error.message}`);
  }

  private wordData(word: ReplyWord, seq: number, done?: true): string {
    const { chat_id, chat_title, message_id, text } = word;
    return JSON.stringify(done ? { chat_id, chat_title, message_id, text, seq, done } : { chat_id, chat_title, message_id, text, seq });
  }
}
