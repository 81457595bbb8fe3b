'use strict';
const { randomUUID } = require('node:crypto');

/** Publishes words as the word-producer does, plus a control copy of each to a queue of its own. */
class PlayedWorker {
  constructor(channel, controlQueue) {
    Object.assign(this, { channel, controlQueue, arrivals: new Map(), next: 0 });
  }

  static async start(connection) {
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue(`bench.relay-control.${randomUUID()}`, { exclusive: true });
    const worker = new PlayedWorker(channel, queue);
    await channel.consume(queue, (message) => worker.arrivals.set(message.content.readUInt32BE(0), performance.now()), { noAck: true });
    return worker;
  }

  publish(queue, word) {
    const key = this.next++;
    const body = Buffer.from(JSON.stringify(word));
    const control = Buffer.alloc(body.length);
    control.writeUInt32BE(key, 0);
    const options = { contentType: 'application/json', messageId: word.message_id };
    const publishedAt = performance.now();
    // Alternating the order keeps either copy from always going out first.
    const copies = [() => this.channel.publish('', queue, body, options), () => this.channel.publish('', this.controlQueue, control)];
    if (key % 2 === 1) copies.reverse();
    for (const publishCopy of copies) publishCopy();
    return { publishedAt, controlArrival: () => this.arrivals.get(key) ?? NaN };
  }

  publishEnd(queue, end) {
    this.channel.publish('', queue, Buffer.from(JSON.stringify(end)), { contentType: 'application/json', messageId: end.message_id });
  }
}

module.exports = { PlayedWorker };
