// One answer's event stream: words once and in order (by seq), resumed after the last seq it has,
// whether the connection dropped, the page was reloaded or the chat was switched away and back.

import { answerExists, END_MARKER, MOVED, readStreamError, releaseAnswer, streamUrl } from './api.js';

/** With no first word after this long, the answer says it waits for a worker. */
export const WAITING_NOTE_MS = 3000;
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 15000];
/**
 * What a reader is told when the stream ends with one of the gateway's error codes. Its own message is
 * written for operators ("No answer from the worker for 60 s; the message was abandoned"); a code not
 * listed here (worker_error: the worker's own words) shows the gateway's message.
 */
const FAILURE_WORDING = {
  worker_silent: 'No answer came: the service that writes answers is not responding. Retry in a moment.',
  gone: 'This answer was stopped or has expired.',
  too_long: 'The answer was too long: the rest of it was left out.',
  broker_unavailable: 'The connection to the service that writes answers was lost. Retry in a moment.',
  could_not_start: 'The answer could not be started. Retry in a moment.',
};

/**
 * Streams the answer in `answer` (a stored answer record: messageId, text, sep, lastSeq, state) and
 * keeps that record up to date. `events`: word(answer), note(text), settled(answer) once it is done,
 * stopped, failed or incomplete, moved() when another tab or window took the answer over.
 */
export class AnswerStream {
  constructor(chatId, answer, events) {
    this.chatId = chatId;
    this.answer = answer;
    this.events = events;
    this.source = null;
    this.retries = 0;
    this.timers = new Set();
    this.closed = false;
  }

  start() {
    this.connect();
    if (this.answer.lastSeq === 0)
      this.later(WAITING_NOTE_MS, () => this.answer.lastSeq === 0 && this.events.note('Waiting for a worker…'));
  }

  /** The user stopped it: the server stops generating and forgets it. */
  stop() {
    if (this.closed) return;
    this.settle('stopped');
    releaseAnswer(this.chatId, this.answer.messageId);
  }

  /** This page no longer shows it (the chat was deleted); the server is told to forget it. */
  discard() {
    this.close();
    releaseAnswer(this.chatId, this.answer.messageId);
  }

  /** Lets go without a word to the server: a page that comes later resumes it. */
  close() {
    this.closed = true;
    this.source?.close();
    this.source = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  connect() {
    if (this.closed) return;
    const source = new EventSource(streamUrl(this.chatId, this.answer.messageId, this.answer.lastSeq));
    this.source = source;
    source.addEventListener('open', () => {
      this.retries = 0;
      if (this.answer.lastSeq > 0) this.events.note('');
    });
    source.addEventListener('message', (event) => this.onWord(event.data));
    source.addEventListener('end', () => this.complete());
    source.addEventListener('error', (event) => {
      if (source !== this.source) return;
      // The server's own `event: error` carries a reason; the browser's connection errors carry none.
      if (event instanceof MessageEvent) return this.onServerError(readStreamError(event.data));
      if (source.readyState === EventSource.CONNECTING) return this.events.note('Reconnecting…');
      // Refused outright (404, 429, 503…): the browser gives up; find out whether to try again.
      source.close();
      void this.afterRefusal();
    });
  }

  onWord(data) {
    const word = readWord(data);
    if (!word) return;
    // Finishing on the done word, not only on `end`, keeps a drop between the two from reading as a failure.
    if (word.done === true || (word.seq === undefined && word.text === END_MARKER)) return this.complete();
    const seq = word.seq ?? this.answer.lastSeq + 1;
    if (seq <= this.answer.lastSeq) return;
    const answer = this.answer;
    if (answer.text !== '') answer.text += answer.sep;
    answer.text += word.text;
    // Workers of the original protocol send no separators; their words are joined with spaces.
    answer.sep = typeof word.sep === 'string' ? word.sep : ' ';
    answer.lastSeq = seq;
    this.events.word(answer);
  }

  onServerError({ code, message }) {
    if (code === MOVED) {
      this.close();
      return this.events.moved();
    }
    this.settle('failed', Object.hasOwn(FAILURE_WORDING, code) ? FAILURE_WORDING[code] : message || 'The answer failed.');
  }

  async afterRefusal() {
    const exists = await answerExists(this.chatId, this.answer.messageId);
    if (this.closed) return;
    if (exists === false) return this.settle('incomplete', 'The server no longer has the rest of this answer.');
    const delay = RETRY_DELAYS_MS[Math.min(this.retries++, RETRY_DELAYS_MS.length - 1)];
    this.events.note('Reconnecting…');
    this.later(delay, () => this.connect());
  }

  complete() {
    if (this.closed) return;
    this.settle('done');
    // It is all here: the server need not keep it for a resume.
    releaseAnswer(this.chatId, this.answer.messageId);
  }

  settle(state, error) {
    this.close();
    this.answer.state = state;
    if (error === undefined) delete this.answer.error;
    else this.answer.error = error;
    this.events.settled(this.answer);
  }

  later(delayMs, action) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }
}

function readWord(data) {
  try {
    const word = JSON.parse(data);
    return word && typeof word.text === 'string' && (word.seq === undefined || Number.isInteger(word.seq)) ? word : null;
  } catch {
    return null;
  }
}
