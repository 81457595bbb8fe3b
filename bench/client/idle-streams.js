'use strict';
const { startChat, BENCH_TITLE } = require('./answer-run');
const { ErrorLog } = require('./error-log');
const { readEventStream } = require('./event-stream');
const { createAgent, postJson } = require('./http-json');
const { sharedAbort } = require('./shared-abort');

const PHASE_TIMEOUT_MS = 300_000;

/**
 * Holds `streams` event streams open and idle, in three steps the parent drives: POST the messages
 * (report `posted`), on `open` open every stream (report `opened`), on `close` hang them all up.
 * No worker answers, so any event on a stream is an error, and so is a stream the server ends.
 */
async function runIdleStreams({ baseUrl, streams, postConcurrency, openConcurrency }, control) {
  const hangUp = sharedAbort();
  const context = { baseUrl, agent: createAgent(), signal: hangUp.signal };
  const errors = new ErrorLog();
  const open = { count: 0, ended: [], hungUp: false };
  try {
    const chatId = await startChat(context);
    const messageIds = await postMessages(context, chatId, streams, postConcurrency, errors);
    control.report('posted', { messageIds });
    await control.waitFor('open', PHASE_TIMEOUT_MS);
    await openStreams(context, chatId, messageIds, openConcurrency, open, errors);
    control.report('opened', { opened: open.count });
    await control.waitFor('close', PHASE_TIMEOUT_MS);
    return { posted: messageIds.length, opened: open.count, errors };
  } finally {
    open.hungUp = true;
    hangUp.abort();
    await Promise.all(open.ended);
    context.agent.destroy();
  }
}

async function postMessages(context, chatId, count, concurrency, errors) {
  const messageIds = [];
  let next = 0;
  const lane = async () => {
    while (next++ < count) {
      const accepted = await postJson(context.agent, `${context.baseUrl}/start/${chatId}`, { text: 'idle', chat_title: BENCH_TITLE });
      if (accepted.status === 200) messageIds.push(accepted.body.message_id);
      else errors.add(`POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return messageIds;
}

/** Opens every stream, at most `concurrency` waiting for their headers at once; resolves when all have answered. */
async function openStreams(context, chatId, messageIds, concurrency, open, errors) {
  let next = 0;
  const lane = async () => {
    while (next < messageIds.length) {
      const messageId = messageIds[next++];
      await new Promise((opened) => {
        const ended = readEventStream(`${context.baseUrl}/stream/${chatId}/${messageId}`, {
          agent: context.agent,
          signal: context.signal,
          onOpen: () => opened(++open.count),
          onEvent: (event) => errors.add(`message ${messageId}: an idle stream got ${event.event}: ${event.data.slice(0, 200)}`),
        }).then((result) => {
          if (!open.hungUp)
            errors.add(`message ${messageId}: the stream ended while idle (${result.status}: ${String(result.body ?? '').slice(0, 200)})`);
          opened();
        });
        open.ended.push(ended);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

module.exports = { runIdleStreams };
