'use strict';
const amqp = require('amqplib');
const { BrokerAdmin } = require('../broker/broker-admin');
const { responseQueueName, SOCKET_OPTIONS } = require('../broker/amqp-url');
const { AnswerCheck } = require('./answer-check');
const { BENCH_TITLE, release, startChat } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { readEventStream } = require('./event-stream');
const { END_MARKER, expectedWords, textForAnswerOf } = require('./expected-answer');
const { createAgent, postJson } = require('./http-json');
const { PlayedWorker } = require('./played-worker');
const { sleep } = require('./sleep');

const CONSUMER_WAIT_MS = 3000;
const END_TIMEOUT_MS = 5000;

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
  const check = new AnswerCheck({
    chatId,
    chatTitle: header.chat_title,
    messageId: header.message_id,
    words,
    onWord: (at) => arrivals.push(at),
  });
  const hangUp = new AbortController();
  const stream = readEventStream(`${context.baseUrl}/stream/${chatId}/${header.message_id}`, {
    agent: context.agent,
    signal: hangUp.signal,
    onEvent: (event, at) => check.onEvent(event, at),
  });
  const queue = responseQueueName(header.message_id);
  if (!(await admin.waitForConsumers(queue, 1, CONSUMER_WAIT_MS)))
    check.fail(`the gateway did not consume ${queue} within ${CONSUMER_WAIT_MS} ms`);
  const sent = [];
  for (let seq = 1; seq <= words.length && !check.error; seq++) {
    sent.push(worker.publish(queue, { ...header, text: words[seq - 1], seq }));
    await sleep(publishEveryMs);
  }
  worker.publishEnd(queue, { ...header, text: END_MARKER, seq: words.length + 1, done: true });
  const giveUp = setTimeout(() => hangUp.abort(), END_TIMEOUT_MS);
  const url = `${context.baseUrl}/stream/${chatId}/${header.message_id}`;
  const error =
    check.finish(await stream) ?? (await release(context.agent, url, undefined, header.message_id)) ?? (await replyQueueLeft(admin, queue));
  clearTimeout(giveUp);
  if (error) return { error };
  return latencies(sent, arrivals);
}

async function replyQueueLeft(admin, queue) {
  const [left] = await admin.present([queue]);
  return left && `${left} still exists after its answer was released`;
}

function latencies(sent, arrivals) {
  const result = { viaGatewayMs: [], viaBrokerMs: [], gatewayAddedMs: [] };
  sent.forEach(({ publishedAt, controlArrival }, index) => {
    const viaBroker = controlArrival() - publishedAt;
    if (!Number.isFinite(viaBroker)) return;
    const viaGateway = arrivals[index] - publishedAt;
    result.viaGatewayMs.push(viaGateway);
    result.viaBrokerMs.push(viaBroker);
    result.gatewayAddedMs.push(viaGateway - viaBroker);
  });
  return result;
}

module.exports = { runRelayLatency };
