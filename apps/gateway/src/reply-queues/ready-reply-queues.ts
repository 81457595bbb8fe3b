import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ReplyQueues } from './reply-queues';

/** A pooled queue is used within this long of its declare, well within its x-expires (10 min unused). */
const FRESH_FOR_MS = 4 * 60_000;
const RATE_WINDOW_MS = 1000;
/**
 * Pools kept at once; past this, the least recently used one's queues are deleted. Each ready queue
 * is a queue on the broker, so this bounds what a client making chat after chat can leave declared.
 */
const MAX_POOLS = 1000;
const SWEEP_EVERY_MS = 30_000;
/** How long a refill waits for the first word of the message that took a queue, when no stream of it opens here. */
const FIRST_WORD_WAIT_MS = 1000;

/**
 * How many queues a pool keeps ready: at least `min`, and about as many as were taken in the last
 * second, up to `max`; none until `from` messages have taken from it.
 */
export interface PoolSize {
  min: number;
  max: number;
  from: number;
}

/** The keyless or one API key's completions: many clients may share one pool. */
export const COMPLETIONS_POOL: PoolSize = { min: 2, max: 32, from: 1 };
/**
 * One chat: the next message's queue, declared while its answer streams and the user reads it. Only
 * from a chat's second message: a chat of one message would waste its queue, and a durable declare
 * is the broker's most expensive step (its first message, racing the declare ahead, came 7.8 -> 13 ms).
 */
export const CHAT_POOL: PoolSize = { min: 1, max: 2, from: 2 };

/** Which pool a message takes from, how its ids are made, and how big it is kept. */
export interface PoolOf {
  /** Unique across every kind of owner: ids are bound to their owner, so pools must never be shared. */
  key: string;
  newId: () => string;
  size: PoolSize;
}

interface ReadyQueue {
  messageId: string;
  declaredAt: number;
}

/** What each owner's pool holds and needs. */
interface OwnerPool extends PoolOf {
  ready: ReadyQueue[];
  /** Declares under way. */
  filling: number;
  /** When queues were taken lately, for the pool's size. */
  takenAt: number[];
  /** Messages that took from it. */
  taken: number;
}

/**
 * Reply queues declared ahead, so that a message takes one that is ready and its first word does not
 * wait for a durable declare (about 4 ms, most of the broker's floor). A message id is bound to its
 * owner (MessageIds), so each owner has a pool of its own: an API key's completions, all keyless
 * ones, or one chat, whose first two messages declare as before and whose next ones find theirs ready.
 * Pools refill in the background; a queue not used within FRESH_FOR_MS is deleted rather than used,
 * and one left by a gateway that died goes by its x-expires.
 */
@Injectable()
export class ReadyReplyQueues implements OnModuleInit, BeforeApplicationShutdown {
  /** In order of last use, the least recent first. */
  private readonly pools = new Map<string, OwnerPool>();
  protected readonly maxPools: number = MAX_POOLS;
  protected readonly firstWordWaitMs: number = FIRST_WORD_WAIT_MS;
  /** Pools waiting for the first word of the message that took a queue from them, by its id. */
  private readonly waitingRefills = new Map<string, { pool: OwnerPool; timer: NodeJS.Timeout }>();
  private stopped = false;
  private sweeper?: NodeJS.Timeout;
  private readonly logger = new Logger(ReadyReplyQueues.name);

  constructor(
    private readonly replyQueues: ReplyQueues,
    private readonly metrics: GatewayMetrics,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_EVERY_MS).unref();
  }

  /**
   * Runs `send` with a message id whose reply queue is declared: a ready one when the pool has it,
   * else one declared now. The pool refills once the message's first word is out (`firstWordOut`,
   * or FIRST_WORD_WAIT_MS after the send), so that its declares never compete with the message they
   * serve. Throws BrokerUnavailableError when no queue can be declared.
   */
  async withReadyQueue<T>(owner: PoolOf, send: (messageId: string) => Promise<T>): Promise<T> {
    const pool = this.poolOf(owner);
    try {
      const messageId = await this.take(pool);
      const sent = await send(messageId);
      const timer = setTimeout(() => this.firstWordOut(messageId), this.firstWordWaitMs).unref();
      this.waitingRefills.set(messageId, { pool, timer });
      return sent;
    } catch (error) {
      this.refill(pool);
      throw error;
    }
  }

  /** A stream wrote the message's first word: its pool may refill now. */
  firstWordOut(messageId: string): void {
    const waiting = this.waitingRefills.get(messageId);
    if (!waiting) return;
    this.waitingRefills.delete(messageId);
    clearTimeout(waiting.timer);
    this.refill(waiting.pool);
  }

  /** The message ids whose queues are ready now, in all pools. */
  get readyMessageIds(): string[] {
    return [...this.pools.values()].flatMap((pool) => pool.ready.map(({ messageId }) => messageId));
  }

  /** The ready queues are deleted: nobody will take them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    for (const { timer } of this.waitingRefills.values()) clearTimeout(timer);
    this.waitingRefills.clear();
    const ready = [...this.pools.values()].flatMap((pool) => pool.ready.splice(0));
    this.pools.clear();
    await Promise.all(ready.map(({ messageId }) => this.deleteQuietly(messageId)));
  }

  /** The owner's pool, made the most recently used. */
  private poolOf(owner: PoolOf): OwnerPool {
    let pool = this.pools.get(owner.key);
    if (pool) this.pools.delete(owner.key);
    else pool = { ...owner, ready: [], filling: 0, takenAt: [], taken: 0 };
    this.pools.set(owner.key, pool);
    if (this.pools.size > this.maxPools) this.evict(this.pools.keys().next().value!);
    return pool;
  }

  /** A ready queue's message id when the pool has one, else one whose queue is declared now. */
  private async take(pool: OwnerPool): Promise<string> {
    const now = Date.now();
    pool.takenAt = [...pool.takenAt.filter((at) => now - at < RATE_WINDOW_MS), now];
    pool.taken += 1;
    this.dropStale(pool, now);
    const ready = pool.ready.shift();
    if (ready) {
      this.metrics.counts.replyQueuesTakenReady += 1;
      return ready.messageId;
    }
    const messageId = pool.newId();
    await this.replyQueues.declare(messageId);
    return messageId;
  }

  private refill(pool: OwnerPool): void {
    const { size, newId } = pool;
    if (this.pools.get(pool.key) !== pool || pool.taken < size.from) return;
    const wanted = Math.min(size.max, Math.max(size.min, pool.takenAt.length));
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
          this.metrics.counts.replyQueuesDeclaredAhead += 1;
          // Stopped, or evicted while declaring: nobody can take it any more.
          if (this.stopped || this.pools.get(pool.key) !== pool) return void this.deleteQuietly(messageId);
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
      void this.deleteQuietly(pool.ready.shift()!.messageId);
    }
  }

  /** Stale queues go, and with them the pools of owners that have not sent anything for as long. */
  private sweep(now: number): void {
    for (const [key, pool] of this.pools) {
      this.dropStale(pool, now);
      const idle = pool.takenAt.every((at) => now - at > FRESH_FOR_MS);
      if (idle && pool.ready.length === 0 && pool.filling === 0) this.pools.delete(key);
    }
  }

  private evict(key: string): void {
    const pool = this.pools.get(key)!;
    this.pools.delete(key);
    for (const { messageId } of pool.ready.splice(0)) void this.deleteQuietly(messageId);
  }

  private deleteQuietly(messageId: string): Promise<void> {
    return this.replyQueues.delete(messageId).catch(() => undefined);
  }
}
