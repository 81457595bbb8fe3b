import type { Agent } from 'node:http';
import { AnswerCheck } from './answer-check';
import { readEventStream } from '../../test/support/sse-client';
import { expectedWords } from './expected-answer';
import { jsonField, postJson, requestStatus } from './http-json';

const BENCH_TITLE = 'Bench';

/** Where and how a job's requests go: its keep-alive agent, and the signal that cuts them all off. */
export interface AnswerContext {
  baseUrl: string;
  agent: Agent;
  signal?: AbortSignal;
}

export interface AnswerOptions {
  chatId: string;
  text: string;
  keepGaps?: boolean;
  onWord?: (at: number) => void;
  onAccepted?: (messageId: string) => void;
  keep?: boolean;
}

/** How one message went: `error` unset means its whole answer arrived, as expected, and was released (or kept). */
export interface AnswerOutcome {
  messageId?: string;
  error?: string;
  words?: number;
  acceptedMs?: number;
  ttfwMs?: number;
  gaps?: number[];
}

/** An answer without error: its check saw every word, so it has its id and both times. */
export interface CompleteAnswer extends AnswerOutcome {
  messageId: string;
  error: undefined;
  words: number;
  acceptedMs: number;
  ttfwMs: number;
}

/** The gateway's answer to POST /start/{chat}, as its API documents it (the bench's own copy). */
export interface MessageAccepted {
  chat_id: string;
  chat_title: string;
  message_id: string;
}

async function startChat({ baseUrl, agent }: AnswerContext): Promise<string> {
  const started = await postJson(agent, `${baseUrl}/start`);
  const chatId = jsonField(started.body, 'chat_id');
  if (started.status !== 200 || typeof chatId !== 'string') {
    throw new Error(`POST /start answered ${started.status}: ${JSON.stringify(started.body).slice(0, 200)}`);
  }
  return chatId;
}

/**
 * One user message, as the chat page sends it: POST /start/{chat}, then GET /stream/... read to its
 * end, then DELETE /stream/..., which releases the finished answer (the gateway would otherwise keep
 * it for COMPLETED_RETENTION_MS, for a client that missed its end), unless `keep` is set.
 * Time to first word runs from just before the POST to the arrival of the first word; `acceptedMs`
 * is the part until the POST was answered (reply queue declared, request confirmed by the broker).
 * Never rejects: a problem is returned in `error`.
 */
async function runAnswer(
  { baseUrl, agent, signal }: AnswerContext,
  { chatId, text, keepGaps, onWord, onAccepted, keep = false }: AnswerOptions,
): Promise<AnswerOutcome> {
  const sentAt = performance.now();
  const accepted = await postJson(agent, `${baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE }, signal);
  if (accepted.status !== 200 || typeof jsonField(accepted.body, 'message_id') !== 'string') {
    return { error: `POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}` };
  }
  const acceptedMs = performance.now() - sentAt;
  const { message_id: messageId, chat_title: chatTitle } = acceptedBody(accepted.body);
  onAccepted?.(messageId);
  const check = new AnswerCheck({ chatId, chatTitle, messageId, words: expectedWords(text), keepGaps, onWord });
  const stream = await readEventStream(`${baseUrl}/stream/${chatId}/${messageId}`, {
    agent,
    signal,
    onEvent: (event, at) => check.onEvent(event, at),
  });
  const error =
    check.finish(stream) ?? (keep ? undefined : await release(agent, `${baseUrl}/stream/${chatId}/${messageId}`, signal, messageId));
  return {
    messageId,
    error,
    words: check.received,
    acceptedMs,
    ttfwMs: check.firstWordAt === undefined ? undefined : check.firstWordAt - sentAt,
    gaps: check.gaps,
  };
}

/** True when the answer had no problem; then it has every field (see CompleteAnswer). */
function isComplete(answer: AnswerOutcome): answer is CompleteAnswer {
  return !answer.error;
}

/** The ids of the messages that were accepted, in order. */
function messageIdsOf(answers: AnswerOutcome[]): string[] {
  return answers.flatMap((answer) => (answer.messageId ? [answer.messageId] : []));
}

/**
 * The body of a 200 answer to POST /start/{chat}, taken at the gateway's word: its shape is not
 * checked (runAnswer checks only that it has a message id).
 */
function acceptedBody(body: unknown): MessageAccepted {
  return body as MessageAccepted;
}

/** DELETE /stream/...: the client has the whole answer; the gateway need not keep it. */
async function release(agent: Agent, url: string, signal: AbortSignal | undefined, messageId: string): Promise<string | undefined> {
  const status = await requestStatus(agent, 'DELETE', url, signal);
  return status === 204 ? undefined : `message ${messageId}: releasing the finished answer answered ${status}`;
}

export { runAnswer, release, startChat, isComplete, messageIdsOf, acceptedBody, BENCH_TITLE };
