import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ReplyQueues } from './reply-queues';

export type ExpiryReason = 'unread' | 'abandoned' | 'retained';

const DELETED: Record<ExpiryReason, string> = {
  unread: 'nobody started streaming it',
  abandoned: 'nobody came back for it',
  retained: 'its retention after the end has passed',
};

/**
 * Deletes the reply queue of an answer nobody reads once its window has passed: one nobody started
 * streaming after UNREAD_TIMEOUT_MS, an abandoned one (the client left mid-answer) after
 * RESUME_WINDOW_MS, a finished one after COMPLETED_RETENTION_MS.
 * Deleting it makes the worker's next word come back unroutable, so generation stops too. A relay
 * that takes the answer over, on any gateway, cancels the timer (RelayClaims); should this gateway
 * die first, the queue's x-expires deletes it later.
 */
@Injectable()
export class AnswerExpiry implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private readonly logger = new Logger(AnswerExpiry.name);

  constructor(private readonly replyQueues: ReplyQueues) {}

  expireAfter(messageId: string, afterMs: number, reason: ExpiryReason): void {
    this.forget(messageId);
    // At shutdown the streams let go of their answers: the queues' x-expires sees to those.
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(messageId);
      void this.deleteIfUnread(messageId, reason);
    }, afterMs);
    this.timers.set(messageId, timer.unref());
  }

  forget(messageId: string): void {
    clearTimeout(this.timers.get(messageId));
    this.timers.delete(messageId);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async deleteIfUnread(messageId: string, reason: ExpiryReason): Promise<void> {
    try {
      if (await this.replyQueues.deleteIfUnused(messageId)) this.logger.debug(`Deleted message ${messageId}: ${DELETED[reason]}`);
    } catch (error) {
      this.logger.warn(`Could not delete message ${messageId}: ${(error as Error).message}`);
    }
  }
}
