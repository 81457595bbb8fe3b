import * as http from 'node:http';
import { acceptedBody, BENCH_TITLE, release, startChat, type AnswerContext, type MessageAccepted } from './answer-run';
import { AnswerCheck } from './answer-check';
import { ErrorLog, type ErrorSummary } from './error-log';
import { SseFrameSplitter } from '../../test/support/sse-client';
import { expectedWords, shortTextForAnswerOf } from './expected-answer';
import { createAgent, postJson } from './http-json';
import type { JobControl } from './job-control';

const PHASE_TIMEOUT_MS = 300_000;

export interface StalledReadersParams {
  baseUrl: string;
  clients: number;
  answerWords: number;
}

export interface StalledReadersResult {
  /** Clients whose stream was opened. */
  clients: number;
  /** Of those, the ones that then read their answer whole and released it. */
  complete: number;
  errors: ErrorSummary;
}

export interface StalledReadersReports {
  /** Every stream is open and paused. */
  opened: { messageIds: string[] };
}

/** A stream opened and paused at its headers. */
interface PausedReader {
  messageId: string;
  /** Reads the stream to its end, checking the answer; resolves with its problem, if any. */
  readToEnd: () => Promise<string | undefined>;
}

/**
 * `clients` clients that send a message and then do not read its stream: each response is paused as
 * soon as its headers arrive, the connection kept open. Reports `opened` with the message ids; on
 * `read`, every client reads its stream to the end, checks the answer word by word and releases it.
 */
async function runStalledReaders(
  { baseUrl, clients, answerWords }: StalledReadersParams,
  control: JobControl<StalledReadersReports>,
): Promise<StalledReadersResult> {
  const context: AnswerContext = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const text = shortTextForAnswerOf(answerWords);
  const chatId = await startChat(context);
  const readers: PausedReader[] = [];
  for (let index = 0; index < clients; index++) {
    const accepted = await postJson(context.agent, `${baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE });
    if (accepted.status !== 200) {
      errors.add(`POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}`);
      continue;
    }
    const body = acceptedBody(accepted.body);
    readers.push(await openPaused(`${baseUrl}/stream/${chatId}/${body.message_id}`, body, chatId, text));
  }
  control.report('opened', { messageIds: readers.map((reader) => reader.messageId) });
  await control.waitFor('read', PHASE_TIMEOUT_MS);
  const results = await Promise.all(readers.map((reader) => reader.readToEnd()));
  for (const [index, error] of results.entries()) {
    if (error) errors.add(error);
    else {
      const released = await release(
        context.agent,
        `${baseUrl}/stream/${chatId}/${readers[index].messageId}`,
        undefined,
        readers[index].messageId,
      );
      if (released) errors.add(released);
    }
  }
  context.agent.destroy();
  return { clients: readers.length, complete: results.filter((error) => !error).length, errors };
}

/** Opens the stream on a connection of its own, and reads nothing until readToEnd(). */
function openPaused(
  url: string,
  { message_id: messageId, chat_title: chatTitle }: MessageAccepted,
  chatId: string,
  text: string,
): Promise<PausedReader> {
  return new Promise((resolve, reject) => {
    const check = new AnswerCheck({ chatId, chatTitle, messageId, words: expectedWords(text) });
    const request = http.get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
      response.pause();
      resolve({
        messageId,
        readToEnd: () =>
          new Promise((done) => {
            const frames = new SseFrameSplitter((event, at) => check.onEvent(event, at));
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => frames.push(chunk, performance.now()));
            // A client request's response always has its status code.
            response.on('close', () => done(check.finish({ status: response.statusCode ?? 0, complete: response.complete })));
            response.resume();
          }),
      });
    });
    request.on('error', reject);
  });
}

export { runStalledReaders };
