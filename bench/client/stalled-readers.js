'use strict';
const http = require('node:http');
const { BENCH_TITLE, release, startChat } = require('./answer-run');
const { AnswerCheck } = require('./answer-check');
const { ErrorLog } = require('./error-log');
const { FrameSplitter } = require('./event-stream');
const { expectedWords, shortTextForAnswerOf } = require('./expected-answer');
const { createAgent, postJson } = require('./http-json');

const PHASE_TIMEOUT_MS = 300_000;

/**
 * `clients` clients that send a message and then do not read its stream: each response is paused as
 * soon as its headers arrive, the connection kept open. Reports `opened` with the message ids; on
 * `read`, every client reads its stream to the end, checks the answer word by word and releases it.
 */
async function runStalledReaders({ baseUrl, clients, answerWords }, control) {
  const context = { baseUrl, agent: createAgent() };
  const errors = new ErrorLog();
  const text = shortTextForAnswerOf(answerWords);
  const chatId = await startChat(context);
  const readers = [];
  for (let index = 0; index < clients; index++) {
    const accepted = await postJson(context.agent, `${baseUrl}/start/${chatId}`, { text, chat_title: BENCH_TITLE });
    if (accepted.status !== 200) {
      errors.add(`POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}`);
      continue;
    }
    readers.push(await openPaused(`${baseUrl}/stream/${chatId}/${accepted.body.message_id}`, accepted.body, chatId, text));
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
function openPaused(url, { message_id: messageId, chat_title: chatTitle }, chatId, text) {
  return new Promise((resolve, reject) => {
    const check = new AnswerCheck({ chatId, chatTitle, messageId, words: expectedWords(text) });
    const request = http.get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
      response.pause();
      resolve({
        messageId,
        readToEnd: () =>
          new Promise((done) => {
            const frames = new FrameSplitter((event, at) => check.onEvent(event, at));
            response.setEncoding('utf8');
            response.on('data', (chunk) => frames.push(chunk, performance.now()));
            response.on('close', () => done(check.finish({ status: response.statusCode, complete: response.complete })));
            response.resume();
          }),
      });
    });
    request.on('error', reject);
  });
}

module.exports = { runStalledReaders };
