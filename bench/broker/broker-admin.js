'use strict';
const amqp = require('amqplib');
const { AMQP_URL, SOCKET_OPTIONS } = require('./amqp-url');

const NOT_FOUND = 404;
const LANES = 8;

/**
 * A bare AMQP client that looks at queues from outside the apps. A passive declare of a missing
 * queue closes the channel that asked (404), so each lane opens a fresh channel after one.
 */
class BrokerAdmin {
  constructor(connection) {
    this.connection = connection;
  }

  static async connect(url = AMQP_URL) {
    const connection = await amqp.connect(url, SOCKET_OPTIONS);
    connection.on('error', () => undefined);
    return new BrokerAdmin(connection);
  }

  /** `{ messageCount, consumerCount }` of each queue, null for a queue that does not exist. */
  async inspect(names) {
    const states = new Array(names.length);
    let next = 0;
    const lane = async () => {
      let channel;
      while (next < names.length) {
        const index = next++;
        channel ??= await this.openChannel();
        try {
          const { messageCount, consumerCount } = await channel.checkQueue(names[index]);
          states[index] = { messageCount, consumerCount };
        } catch (error) {
          if (error.code !== NOT_FOUND) throw error;
          states[index] = null;
          channel = undefined;
        }
      }
      await channel?.close().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: Math.min(LANES, names.length) }, lane));
    return states;
  }

  /** The names among `names` that still exist. */
  async present(names) {
    const states = await this.inspect(names);
    return names.filter((_, index) => states[index] !== null);
  }

  async deleteQueues(names) {
    let next = 0;
    const lane = async () => {
      const channel = await this.openChannel();
      while (next < names.length) await channel.deleteQueue(names[next++]);
      await channel.close().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: Math.min(LANES, names.length) }, lane));
  }

  /** Polls until the queue has `count` consumers; false after `timeoutMs`. */
  async waitForConsumers(name, count, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [state] = await this.inspect([name]);
      if (state && state.consumerCount >= count) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async openChannel() {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    return channel;
  }

  async close() {
    await this.connection.close().catch(() => undefined);
  }
}

module.exports = { BrokerAdmin };
