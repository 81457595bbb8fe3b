'use strict';
const amqp = require('amqplib');
const { randomUUID } = require('node:crypto');
const { BrokerAdmin } = require('../broker/broker-admin');
const { responseQueueName, SOCKET_OPTIONS } = require('../broker/amqp-url');
const { AnswerCheck } = require('./answer-check');
const { BENCH_TITLE, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { readEventStream } = require('./event-stream');
const { END_MARKER, expectedWords, textForAnswerOf } = require('./expected-answer');
const { createAgent, postJson } = require('./http-json');
const { sleep } = require('./sleep');

const CONSUMER_WAIT_MS = 3000;

/**
 * What the gateway adds to each word's trip. This process plays the worker: it publishes each word
 * to the reply queue and, at the same moment, a copy to a control queue it consumes itself, so
 * both arrival times come from one clock. Gateway-added latency is the SSE arrival minus the
 * control arrival, which cancels the broker's own share. Words are paced, so none queue up.
 */
async function runRelayLatency({ baseUrl, amqpUrl, streams, answerWords, publishEveryMs }) {
  const connection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const admin = await BrokerAdmin.connect(amqpUrl);
  const context = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const samples = { viaGatewayMs: [], viaBrokerMs: [], gatewayAddedMs: [] };
  try {
    const worker = await PlayedWorker.start(connection);
    const chatId = await startChat(context);
    for (let stream = 0; stream < streams; stream++) {
      const answer = await relayOne(context, admin, worker, { chatId, text: textForAnswerOf(answerWords), publishEveryMs });
      errors.add(answer.error);
      if (!answer.error) for (const key of Object.keys(samples)) samples[key].push(...answer[key]);
    }
  } finally {
    context.agent.destroy();
    await admin.close();
    await connection.close().catch(() => undefined);
  }
  return { ...samples, errors };
}

async function relayOne(context, admin, worker, { chatId, text, publishEveryMs }) {
  const accepted = await postJson(context.agent, `${context.baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE });
  if (accepted.status !== 200) return { error: `POST /start/{chat} answered ${accepted.status}` };
  const header = { chat_id: chatId, chat_title: accepted.body.chat_title, message_id: accepted.body.message_id };
  const words = expectedWords(text);
  const arrivals = [];
  const check = new AnswerCheck({ chatId, chatTitle: header.chat_title, messageId: header.message_id, words, onWord: (at) => arrivals.push(at) });
  const stream = readEventStream(`${context.baseUrl}/stream/${chatId}/${header.message_id}`, {
    agent: context.agent,
    onEvent: (event, at) => check.onEvent(event, at),
  });
  const queue = responseQueueName(header.message_id);
  if (!(await admin.waitForConsumers(queue, 1, CONSUMER_WAIT_MS))) check.fail(`the gateway did not consume ${queue} within ${CONSUMER_WAIT_MS} ms`);
  const sent = [];
  for (let seq = 1; seq <= words.length && !check.error; seq++) {
    sent.push(worker.publish(queue, { ...header, text: words[seq - 1], seq }));
    await sleep(publishEveryMs);
  }
  worker.publishEnd(queue, { ...header, text: END_MARKER, seq: words.length + 1, done: true });
  const error = check.finish(await stream) ?? ((await admin.present([queue])).length > 0 ? `message ${header.message_id}: reply queue left behind` : undefined);
  if (error) return { error };
  return latencies(sent, arrivals);
}

function latencies(sent, arrivals) {
  const result = { viaGatewayMs: [], viaBrokerMs: [], gatewayAddedMs: [] };
  sent.forEach(({ publishedAt, controlArrival }, index) => {
    const viaBroker = controlArrival() - publishedAt;
    const viaGateway = arrivals[index] - publishedAt;
    result.viaGatewayMs.push(viaGateway);
    result.viaBrokerMs.push(viaBroker);
    result.gatewayAddedMs.push(viaGateway - viaBroker);
  });
  return result;
}

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

module.exports = { runRelayLatency };
