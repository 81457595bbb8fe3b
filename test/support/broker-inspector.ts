import { Channel, ChannelModel, connect } from 'amqplib';
import { brokerUrl } from './broker-url';
import { waitFor } from './wait-for';

export interface QueueState {
  messageCount: number;
  consumerCount: number;
}

const NOT_FOUND = 404;
/** Channels used at once to look at or delete many queues. */
const LANES = 8;

/**
 * A bare AMQP client to look at and poke the broker, independent of the apps under test: for the
 * tests and the bench alike. A passive declare of a missing queue closes the channel that asked
 * (404), so every look at a queue that may be gone is made on a channel that can be lost.
 */
export class BrokerInspector {
  private constructor(private readonly connection: ChannelModel) {}

  /** Nagle's algorithm off, as in the apps: small frames would otherwise wait for delayed ACKs. */
  static async connect(url = brokerUrl()): Promise<BrokerInspector> {
    const connection = await connect(url, { noDelay: true });
    connection.on('error', () => undefined);
    return new BrokerInspector(connection);
  }

  /** The queue's counts, or null when it does not exist. */
  async queue(name: string): Promise<QueueState | null> {
    const [state] = await this.inspect([name]);
    return state;
  }

  /** The counts of each queue, null for one that does not exist, looked at over a few channels at once. */
  async inspect(names: string[]): Promise<(QueueState | null)[]> {
    const states = new Array<QueueState | null>(names.length);
    let next = 0;
    const lane = async () => {
      let channel: Channel | undefined;
      while (next < names.length) {
        const index = next++;
        channel ??= await this.openChannel();
        try {
          const { messageCount, consumerCount } = await channel.checkQueue(names[index]);
          states[index] = { messageCount, consumerCount };
        } catch (error) {
          if ((error as { code?: number }).code !== NOT_FOUND) throw error;
          states[index] = null;
          channel = undefined;
        }
      }
      await channel?.close().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: Math.min(LANES, names.length) }, lane));
    return states;
  }

  /** The names among `names` whose queues still exist. */
  async present(names: string[]): Promise<string[]> {
    const states = await this.inspect(names);
    return names.filter((_, index) => states[index] !== null);
  }

  /**
   * Waits until exactly `count` consumers take from the queue: how tests and the bench know a worker
   * is serving (or a killed one is gone), from the broker rather than from what the app prints.
   */
  async waitForConsumers(queue: string, count: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(`${count} consumer(s) on ${queue}`, async () => (await this.queue(queue))?.consumerCount === count, timeoutMs);
  }

  async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.openChannel();
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async deleteQueue(name: string): Promise<void> {
    await this.withChannel((channel) => channel.deleteQueue(name));
  }

  async deleteQueues(names: string[]): Promise<void> {
    let next = 0;
    const lane = () =>
      this.withChannel(async (channel) => {
        while (next < names.length) await channel.deleteQueue(names[next++]);
      });
    await Promise.all(Array.from({ length: Math.min(LANES, names.length) }, lane));
  }

  /** Also for a connection that a broker restart closed already. */
  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  private async openChannel(): Promise<Channel> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    return channel;
  }
}
