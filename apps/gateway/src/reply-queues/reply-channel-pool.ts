import { Inject, Injectable, Logger } from '@nestjs/common';
import { BrokerConnection } from '../broker/broker-connection';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { PooledChannel } from './pooled-channel';

/** Deliveries a consumer may have beyond a whole answer's words: its end, segments, repeats. */
const PREFETCH_HEADROOM = 1024;

/**
 * Enough for many streams' queue operations to run in parallel on the one connection, and far below
 * the broker's channel limit (2047 a connection by default).
 */
const REPLY_CHANNELS = 16;

/**
 * Reply consumers share a fixed set of channels on the one broker connection, handed out round-robin:
 * a channel per stream would hit the broker's channel limit, and a single channel would serialise
 * every queue operation. A closed channel is replaced on the next request for its slot.
 */
@Injectable()
export class ReplyChannelPool {
  private readonly slots: (Promise<PooledChannel> | undefined)[];
  private readonly openChannels = new Set<PooledChannel>();
  private readonly prefetch: number;
  private cursor = 0;
  private readonly logger = new Logger(ReplyChannelPool.name);

  constructor(
    private readonly broker: BrokerConnection,
    private readonly metrics: GatewayMetrics,
    @Inject(gatewayConfig.KEY) config: GatewayConfig,
  ) {
    this.slots = Array.from({ length: REPLY_CHANNELS }, () => undefined);
    // A relay that takes an answer over may receive all of it before the segments with its first
    // words, which come last, so a consumer's prefetch (a non-global prefetch applies to each consumer
    // on the channel) covers a whole answer. A client that cannot keep up is held back by its relay,
    // which stops consuming, not by the prefetch.
    this.prefetch = config.maxAnswerWords + PREFETCH_HEADROOM;
  }

  /** Reply consumers currently attached on this gateway. */
  get consumerCount(): number {
    let count = 0;
    for (const pooled of this.openChannels) count += pooled.consumers;
    return count;
  }

  acquire(): Promise<PooledChannel> {
    const index = this.cursor;
    this.cursor = (this.cursor + 1) % this.slots.length;
    return (this.slots[index] ??= this.open(index));
  }

  private async open(index: number): Promise<PooledChannel> {
    try {
      const channel = await this.broker.createConsumerChannel();
      channel.on('error', (error: Error) => {
        this.metrics.counts.replyChannelFailures += 1;
        this.logger.warn(`Reply channel ${index} failed: ${error.message}`);
      });
      await channel.prefetch(this.prefetch);
      const pooled = new PooledChannel(channel);
      this.openChannels.add(pooled);
      channel.once('close', () => {
        this.openChannels.delete(pooled);
        this.release(index);
      });
      return pooled;
    } catch (error) {
      this.release(index);
      throw error;
    }
  }

  private release(index: number): void {
    this.slots[index] = undefined;
  }
}
