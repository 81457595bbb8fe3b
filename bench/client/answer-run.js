'use strict';
const { AnswerCheck } = require('./answer-check');
const { readEventStream } = require('./event-stream');
const { expectedWords } = require('./expected-answer');
const { postJson, requestStatus } = require('./http-json');

const BENCH_TITLE = 'Bench';

async function startChat({ baseUrl, agent }) {
  const started = await postJson(agent, `${baseUrl}/start`);
  if (started.status !== 200 || typeof started.body?.chat_id !== 'string') {
    throw new Error(`POST /start answered ${started.status}: ${JSON.stringify(started.body).slice(0, 200)}`);
  }
  return started.body.chat_id;
}

/**
 * One user message, as the chat page sends it: POST /start/{chat}, then GET /stream/... read to its
 * end, then DELETE /stream/..., which releases the finished answer (the gateway would otherwise keep
 * it for COMPLETED_RETENTION_MS, for a client that missed its end), unless `keep` is set.
 * Time to first word runs from just before the POST to the arrival of the first word; `acceptedMs`
 * is the part until the POST was answered (reply queue declared, request confirmed by the broker).
 * Never rejects: a problem is returned in `error`.
 */
async function runAnswer({ baseUrl, agent, signal }, { chatId, text, keepGaps, onWord, onAccepted, keep = false }) {
  const sentAt = performance.now();
  const accepted = await postJson(agent, `${baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE }, signal);
  if (accepted.status !== 200 || typeof accepted.body?.message_id !== 'string') {
    return { error: `POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}` };
  }
  const acceptedMs = performance.now() - sentAt;
  const { message_id: messageId, chat_title: chatTitle } = accepted.body;
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

/** DELETE /stream/...: the client has the whole answer; the gateway need not keep it. */
async function release(agent, url, signal, messageId) {
  const status = await requestStatus(agent, 'DELETE', url, signal);
  return status === 204 ? undefined : `message ${messageId}: releasing the finished answer answered ${status}`;
}

module.exports = { runAnswer, release, startChat, BENCH_TITLE };
