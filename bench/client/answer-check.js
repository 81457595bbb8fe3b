'use strict';
const { END_MARKER } = require('./expected-answer');

/**
 * Checks one answer's events as they arrive: every word exactly once, in order, with the expected
 * text and ids, then the done event, then `event: end`, then the server closing the response.
 * Records when words arrived; the first problem of an answer is enough to report it.
 */
class AnswerCheck {
  constructor({ chatId, chatTitle, messageId, words, keepGaps = false, onWord }) {
    Object.assign(this, { chatId, chatTitle, messageId, words, keepGaps, onWord });
    this.received = 0;
    this.doneSeen = false;
    this.endSeen = false;
    this.firstWordAt = undefined;
    this.lastWordAt = undefined;
    this.gaps = keepGaps ? [] : undefined;
    this.error = undefined;
  }

  onEvent(event, at) {
    if (this.error) return;
    if (event.event === 'message') return this.onData(event, at);
    if (event.event === 'end' && event.data === 'Stream ended' && this.doneSeen && !this.endSeen) return void (this.endSeen = true);
    this.fail(`unexpected event ${event.event}: ${event.data.slice(0, 200)}`);
  }

  /** Called when the response is over; returns the answer's problem, if any. */
  finish({ status, complete, body }) {
    if (this.error) return this.error;
    if (status !== 200) return this.fail(`GET /stream answered ${status}: ${String(body).slice(0, 200)}`);
    if (!this.endSeen) return this.fail(`stream closed after ${this.received}/${this.words.length} words without the end event`);
    if (!complete) return this.fail('the response was cut off after the end event');
    return undefined;
  }

  fail(problem) {
    this.error ??= `message ${this.messageId}: ${problem}`;
    return this.error;
  }

  onData(event, at) {
    let word;
    try {
      word = JSON.parse(event.data);
    } catch {
      return this.fail(`data is not JSON: ${event.data.slice(0, 200)}`);
    }
    if (this.endSeen || this.doneSeen) return this.fail(`data after the done event (seq ${word.seq})`);
    if (word.chat_id !== this.chatId || word.message_id !== this.messageId || word.chat_title !== this.chatTitle) {
      return this.fail(`wrong ids or title in ${event.data.slice(0, 200)}`);
    }
    const seq = this.received + 1;
    if (word.seq !== seq || event.id !== String(seq)) return this.fail(`expected seq ${seq}, got seq ${word.seq} id ${event.id}`);
    if (word.done === true) return this.onDone(word);
    if (seq > this.words.length) return this.fail(`extra word ${JSON.stringify(word.text)} at seq ${seq}`);
    if (word.text !== this.words[seq - 1])
      return this.fail(`seq ${seq}: expected ${JSON.stringify(this.words[seq - 1])}, got ${JSON.stringify(word.text)}`);
    this.recordWord(at);
  }

  onDone(word) {
    if (this.received !== this.words.length) return this.fail(`done after ${this.received}/${this.words.length} words`);
    if (word.text !== END_MARKER) return this.fail(`done event with text ${JSON.stringify(word.text)}`);
    this.doneSeen = true;
  }

  recordWord(at) {
    this.received += 1;
    if (this.firstWordAt === undefined) this.firstWordAt = at;
    else if (this.gaps) this.gaps.push(at - this.lastWordAt);
    this.lastWordAt = at;
    this.onWord?.(at);
  }
}

module.exports = { AnswerCheck };
