import { Channel, ChannelModel, connect } from 'amqplib';
import { brokerUrl } from './broker-url';

export interface QueueState {
  messageCount: number;
  consumerCount: number;
}

/** A bare AMQP client for tests to look at and poke the broker, independent of the apps under test. */
export class BrokerInspector {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(): Promise<BrokerInspector> {
    return new BrokerInspector(await connect(brokerUrl()));
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
