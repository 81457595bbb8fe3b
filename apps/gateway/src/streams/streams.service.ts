import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ServerResponse } from 'node:http';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { securityConfig, SecurityConfig } from '../config/security.config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { AnswerExpiry } from '../reply-queues/answer-expiry';
import { ReadyReplyQueues } from '../reply-queues/ready-reply-queues';
import { ReplyQueues } from '../reply-queues/reply-queues';
import { AnswerRelay } from './relay/answer-relay';
import { AnswerSurface, RelayContext, StreamTarget } from './relay/relay-context';
import { pageStream } from './sse/answer-frames';
import { RelayClaims } from './takeover/relay-claims';
import { AnswerInUseError } from './answer-in-use.error';
import { TooManyStreamsError } from './too-many-streams.error';

/** How often open streams check their heartbeats and timeouts, bounded by the shortest of them. */
const MAX_TICK_MS = 1000;
const MIN_TICK_MS = 50;

@Injectable()
export class StreamsService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly relays = new Set<AnswerRelay>();
  /** The answers each client streams from this gateway, for MAX_STREAMS_PER_CLIENT. */
  private readonly streamedBy = new Map<string, Map<string, number>>();
  private readonly maxStreamsPerClient: number;
  private readonly context: RelayContext & { shuttingDown: boolean };
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly replyQueues: ReplyQueues,
    private readonly claims: RelayClaims,
    private readonly expiry: AnswerExpiry,
    readyQueues: ReadyReplyQueues,
    @Inject(gatewayConfig.KEY) config: GatewayConfig,
    @Inject(securityConfig.KEY) security: SecurityConfig,
    private readonly metrics: GatewayMetrics,
  ) {
    this.maxStreamsPerClient = security.maxStreamsPerClient;
    this.context = {
      replyQueues,
      claims,
      expiry,
      closed: (relay) => this.forget(relay),
      firstWordOut: (messageId) => readyQueues.firstWordOut(messageId),
      shuttingDown: false,
      settings: {
        idleTimeoutMs: config.streamIdleTimeoutMs,
        stalledClientMs: config.stalledClientMs,
        heartbeatMs: config.heartbeatMs,
        resumeWindowMs: config.resumeWindowMs,
        completedRetentionMs: config.completedRetentionMs,
        maxAnswerWords: config.maxAnswerWords,
        replyQueues: config.replyQueues,
      },
      logger: new Logger(AnswerRelay.name),
      counts: metrics.relays,
    };
    metrics.watch('gateway_open_streams', 'Event streams open on this gateway', () => this.load.openStreams);
    metrics.watch('gateway_reply_consumers', 'Reply-queue consumers on this gateway', () => this.load.replyConsumers);
    // One timer for every open stream rather than timers of their own: less memory per stream.
    const shortest = Math.min(config.heartbeatMs, config.stalledClientMs, config.streamIdleTimeoutMs);
    this.ticker = setInterval(() => this.tick(), Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, shortest / 4))).unref();
  }

  /**
   * Relays the message's answer to `response` (as the page's event stream, unless `surface` says
   * otherwise), taking it over from any relay that
   * holds it. Throws, before anything is written, when the message is unknown (ReplyQueueNotFoundError),
   * the client streams too many answers (TooManyStreamsError) or the broker is unreachable.
   */
  async open(target: StreamTarget, response: ServerResponse, client: string, surface: AnswerSurface = pageStream): Promise<void> {
    // Original-mode queues have no standby consumers: a second relay would get every other word.
    if (this.context.settings.replyQueues === 'original' && this.claims.holds(target.messageId)) {
      throw new AnswerInUseError(target.messageId);
    }
    // The slot is taken before the first await, so that requests racing each other count each other.
    this.reserve(client, target.messageId);
    try {
      if (!target.known) await this.replyQueues.assertExists(target.messageId);
    } catch (error) {
      this.count(client, target.messageId, -1);
      throw error;
    }
    // The client left while the queue was checked: there is nobody to relay to.
    if (response.destroyed) return this.count(client, target.messageId, -1);
    if (target.resumeAfter > 0) this.metrics.relays.resumes += 1;
    const relay = new AnswerRelay(target, this.context, (listener) => surface(response, listener), client);
    this.relays.add(relay);
    await relay.start().catch((error: Error) => relay.fail('could_not_start', `The stream could not start: ${error.message}`));
  }

  /** Throws ReplyQueueNotFoundError unless the message's answer can be streamed; opens and takes over nothing. */
  async assertStreamable(messageId: string): Promise<void> {
    await this.replyQueues.assertExists(messageId);
  }

  /** Event streams currently open on this gateway, and the reply consumers behind them. */
  get load(): { openStreams: number; replyConsumers: number } {
    return { openStreams: this.relays.size, replyConsumers: this.replyQueues.consumerCount };
  }

  /**
   * Stops the answer wherever it is being generated and relayed, or releases a finished one: deleting
   * the reply queue cancels every consumer of it, and the worker's next word comes back unroutable.
   * Throws ReplyQueueNotFoundError.
   */
  async delete(messageId: string): Promise<void> {
    await this.replyQueues.deleteExisting(messageId);
    // Usually the stream that kept the answer ran here; a timer left on another gateway deletes nothing.
    this.expiry.forget(messageId);
  }

  beforeApplicationShutdown(): void {
    this.context.shuttingDown = true;
  }

  onApplicationShutdown(): void {
    clearInterval(this.ticker);
  }

  private forget(relay: AnswerRelay): void {
    this.relays.delete(relay);
    this.count(relay.client, relay.messageId, -1);
  }

  /** Counts the stream against its client's limit, or throws TooManyStreamsError. */
  private reserve(client: string, messageId: string): void {
    const streamed = this.streamedBy.get(client);
    // Taking over one's own answer (a reconnect) is never refused: that would end the stream for good.
    if (streamed && streamed.size >= this.maxStreamsPerClient && !streamed.has(messageId)) {
      this.metrics.counts.rateLimited += 1;
      throw new TooManyStreamsError(this.maxStreamsPerClient);
    }
    this.count(client, messageId, 1);
  }

  private count(client: string, messageId: string, change: 1 | -1): void {
    const streamed = this.streamedBy.get(client) ?? new Map<string, number>();
    const now = (streamed.get(messageId) ?? 0) + change;
    if (now > 0) streamed.set(messageId, now);
    else streamed.delete(messageId);
    if (streamed.size > 0) this.streamedBy.set(client, streamed);
    else this.streamedBy.delete(client);
  }

  private tick(): void {
    const now = Date.now();
    for (const relay of this.relays) relay.tick(now);
  }
}
