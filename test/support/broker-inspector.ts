import { Channel, ChannelModel, connect } from 'amqplib';
import { brokerUrl } from './broker-url';
import { waitFor } from './wait-for';

export interface QueueState {
  messageCount: number;
  consumerCount: number;
}

/** A bare AMQP client for tests to look at and poke the broker, independent of the apps under test. */
export class BrokerInspector {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(url = brokerUrl()): Promise<BrokerInspector> {
    return new BrokerInspector(await connect(url));
  }

  /** The queue's counts, or null when it does not exist (a passive declare on a throwaway channel). */
  async queue(name: string): Promise<QueueState | null> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      const { messageCount, consumerCount } = await channel.checkQueue(name);
      await channel.close();
      return { messageCount, consumerCount };
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null;
      throw error;
    }
  }

  /**
   * Waits until exactly `count` consumers take from the queue: how tests know a worker is serving (or
   * a killed one is gone), from the broker rather than from what the app prints.
   */
  async waitForConsumers(queue: string, count: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(`${count} consumer(s) on ${queue}`, async () => (await this.queue(queue))?.consumerCount === count, timeoutMs);
  }

  async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async deleteQueue(name: string): Promise<void> {
    await this.withChannel((channel) => channel.deleteQueue(name));
  }

  /** Also for a connection that a broker restart closed already. */
  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
