'use strict';
const { FigureSkipped } = require('./skip');

/** A gateway and workers someone else runs: usable only for the figures its WORD_DELAY_MS suits. */
class ExternalStack {
  constructor(baseUrl, wordDelayMs) {
    Object.assign(this, { baseUrl, wordDelayMs, requestsQueues: [] });
  }

  async withWorker({ wordDelayMs }) {
    if (wordDelayMs !== this.wordDelayMs)
      throw new FigureSkipped(`needs WORD_DELAY_MS=${wordDelayMs}; the running stack has ${this.wordDelayMs}`);
    return { baseUrl: this.baseUrl };
  }

  async idleGateway() {
    throw new FigureSkipped('needs a gateway without workers that the bench starts itself');
  }

  pids() {
    return {};
  }

  crashed() {
    return [];
  }

  async stopAll() {}
}

module.exports = { ExternalStack };
