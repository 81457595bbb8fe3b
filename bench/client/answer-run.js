'use strict';
const { AnswerCheck } = require('./answer-check');
const { readEventStream } = require('./event-stream');
const { expectedWords } = require('./expected-answer');
const { postJson } = require('./http-json');

const BENCH_TITLE = 'Bench';

async function startChat({ baseUrl, agent }) {
  const started = await postJson(agent, `${baseUrl}/start`);
  if (started.status !== 200 || typeof started.body?.chat_id !== 'string') {
    throw new Error(`POST /start answered ${started.status}: ${JSON.stringify(started.body).slice(0, 200)}`);
  }
  return started.body.chat_id;
}

/**
 * One user message, as a browser sends it: POST /start/{chat}, then GET /stream/... read to its end.
 * Time to first word runs from just before the POST to the arrival of the first word; `acceptedMs`
 * is the part until the POST was answered (reply queue declared, request confirmed by the broker).
 * Never rejects: a problem is returned in `error`.
 */
async function runAnswer({ baseUrl, agent, signal }, { chatId, text, keepGaps, onWord, onAccepted }) {
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
  const error = check.finish(stream);
  return {
    messageId,
    error,
    words: check.received,
    acceptedMs,
    ttfwMs: check.firstWordAt === undefined ? undefined : check.firstWordAt - sentAt,
    gaps: check.gaps,
  };
}

module.exports = { runAnswer, startChat, BENCH_TITLE };
