import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ReplyQueues } from './reply-queues';

/** A pooled queue is used within this long of its declare, well within its x-expires (10 min unused). */
const FRESH_FOR_MS = 4 * 60_000;
/** Queues kept ready per owner: at least this many, and about as many as were taken in the last second. */
const MIN_READY = 2;
const MAX_READY = 32;
const RATE_WINDOW_MS = 1000;

interface ReadyQueue {
  messageId: string;
  declaredAt: number;
}

/** What each owner's pool holds and needs. */
interface OwnerPool {
  ready: ReadyQueue[];
  /** Declares under way. */
  filling: number;
  /** When queues were taken lately, for the pool's size. */
  takenAt: number[];
}

/**
 * Reply queues declared ahead, so that a message takes one that is ready and its first word does not
 * wait for a durable declare (about 4 ms, most of the broker's floor). A message id is bound to its
 * owner (MessageIds), so each owner has a pool of its own: an API key's completions, or all keyless
 * ones. Pools refill in the background to about the last second's rate; a queue not used within
 * FRESH_FOR_MS is deleted rather than used, and one left by a gateway that died goes by its x-expires.
 */
@Injectable()
export class ReadyReplyQueues implements BeforeApplicationShutdown {
  private readonly pools = new Map<string, OwnerPool>();
  private stopped = false;
  private readonly logger = new Logger(ReadyReplyQueues.name);

  constructor(private readonly replyQueues: ReplyQueues) {}

  /**
   * A message id whose reply queue is declared, made by `newId` for `owner`: a ready one when the
   * pool has it, else one declared now. Throws BrokerUnavailableError when none can be declared.
   */
  async take(owner: string, newId: () => string): Promise<string> {
    const pool = this.poolOf(owner);
    const now = Date.now();
    pool.takenAt = [...pool.takenAt.filter((at) => now - at < RATE_WINDOW_MS), now];
    this.dropStale(pool, now);
    const ready = pool.ready.shift();
    this.refill(pool, newId);
    if (ready) return ready.messageId;
    const messageId = newId();
    await this.replyQueues.declare(messageId);
    return messageId;
  }

  /** The message ids whose queues are ready now, in all pools. */
  get readyMessageIds(): string[] {
    return [...this.pools.values()].flatMap((pool) => pool.ready.map(({ messageId }) => messageId));
  }

  /** The ready queues are deleted: nobody will take them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const ready = [...this.pools.values()].flatMap((pool) => pool.ready.splice(0));
    await Promise.all(ready.map(({ messageId }) => this.replyQueues.delete(messageId).catch(() => undefined)));
  }

  private poolOf(owner: string): OwnerPool {
    let pool = this.pools.get(owner);
    if (!pool) this.pools.set(owner, (pool = { ready: [], filling: 0, takenAt: [] }));
    return pool;
  }

  private refill(pool: OwnerPool, newId: () => string): void {
    const wanted = Math.min(MAX_READY, Math.max(MIN_READY, pool.takenAt.length));
    for (let missing = wanted - pool.ready.length - pool.filling; missing > 0 && !this.stopped; missing--) {
      let messageId: string;
      try {
        messageId = newId();
      } catch {
        // No ids while the deployment's secret is unknown; the next take tries again.
        return;
      }
      pool.filling += 1;
      this.replyQueues.declare(messageId).then(
        () => {
          pool.filling -= 1;
          if (this.stopped) return void this.replyQueues.delete(messageId).catch(() => undefined);
          pool.ready.push({ messageId, declaredAt: Date.now() });
        },
        (error: Error) => {
          pool.filling -= 1;
          this.logger.debug?.(`Could not declare a reply queue ahead: ${error.message}`);
        },
      );
    }
  }

  private dropStale(pool: OwnerPool, now: number): void {
    while (pool.ready.length > 0 && now - pool.ready[0].declaredAt > FRESH_FOR_MS) {
      const { messageId } = pool.ready.shift()!;
      void this.replyQueues.delete(messageId).catch(() => undefined);
    }
  }
}
