import * as amqp from 'amqplib';
import { BrokerInspector } from '../../test/support/broker-inspector';
import { replyQueueName, type WordMessage } from '@app/contracts';
import { SOCKET_OPTIONS } from '../broker/amqp-url';
import { AnswerCheck } from './answer-check';
import { acceptedBody, BENCH_TITLE, release, startChat, type AnswerContext } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { readEventStream } from '../../test/support/sse-client';
import { END_MARKER, expectedWords, textForAnswerOf } from './expected-answer';
import { createAgent, postJson } from './http-json';
import { PlayedWorker, type SentWord } from './played-worker';
import { sleep } from './sleep';

const CONSUMER_WAIT_MS = 3000;
const END_TIMEOUT_MS = 5000;

export interface RelayLatencyParams {
  baseUrl: string;
  amqpUrl: string;
  streams: number;
  answerWords: number;
  publishEveryMs: number;
}

/** Per word, in ms from its publication: to its SSE arrival, to its control copy's arrival, and the difference. */
export interface RelaySamples {
  viaGatewayMs: number[];
  viaBrokerMs: number[];
  gatewayAddedMs: number[];
}

export interface RelayLatencyResult extends RelaySamples {
  errors: ErrorSummary;
}

interface RelayOptions {
  chatId: string;
  text: string;
  publishEveryMs: number;
}

/**
 * What the gateway adds to each word's trip. This process plays the worker: it publishes each word
 * to the reply queue and, at the same moment, a copy to a control queue it consumes itself, so
 * both arrival times come from one clock. Gateway-added latency is the SSE arrival minus the
 * control arrival, which cancels the broker's own share. Words are paced, so none queue up.
 */
async function runRelayLatency({
  baseUrl,
  amqpUrl,
  streams,
  answerWords,
  publishEveryMs,
}: RelayLatencyParams): Promise<RelayLatencyResult> {
  const connection = await amqp.connect(amqpUrl, SOCKET_OPTIONS);
  const admin = await BrokerInspector.connect(amqpUrl);
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const samples: RelaySamples = { viaGatewayMs: [], viaBrokerMs: [], gatewayAddedMs: [] };
  try {
    const worker = await PlayedWorker.start(connection);
    const chatId = await startChat(context);
    for (let stream = 0; stream < streams; stream++) {
      const answer = await relayOne(context, admin, worker, { chatId, text: textForAnswerOf(answerWords), publishEveryMs });
      if ('error' in answer) errors.add(answer.error);
      else for (const key of Object.keys(samples) as (keyof RelaySamples)[]) samples[key].push(...answer[key]);
    }
  } finally {
    context.agent.destroy();
    await admin.close();
    await connection.close().catch(() => undefined);
  }
  return { ...samples, errors };
}

async function relayOne(
  context: AnswerContext,
  admin: BrokerInspector,
  worker: PlayedWorker,
  { chatId, text, publishEveryMs }: RelayOptions,
): Promise<RelaySamples | { error: string }> {
  const accepted = await postJson(context.agent, `${context.baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE });
  if (accepted.status !== 200) return { error: `POST /start/{chat} answered ${accepted.status}` };
  const body = acceptedBody(accepted.body);
  const header: Pick<WordMessage, 'chat_id' | 'chat_title' | 'message_id'> = {
    chat_id: chatId,
    chat_title: body.chat_title,
    message_id: body.message_id,
  };
  const words = expectedWords(text);
  const arrivals: number[] = [];
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
  const queue = replyQueueName(header.message_id);
  await admin
    .waitForConsumers(queue, 1, CONSUMER_WAIT_MS)
    .catch((error: Error) => check.fail(`the gateway did not start consuming ${queue}: ${error.message}`));
  const sent: SentWord[] = [];
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

async function replyQueueLeft(admin: BrokerInspector, queue: string): Promise<string | undefined> {
  const [left] = await admin.present([queue]);
  return left && `${left} still exists after its answer was released`;
}

function latencies(sent: SentWord[], arrivals: number[]): RelaySamples {
  const result: RelaySamples = { viaGatewayMs: [], viaBrokerMs: [], gatewayAddedMs: [] };
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

export { runRelayLatency };
