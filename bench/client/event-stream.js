'use strict';
const http = require('node:http');

/**
 * Reads a text/event-stream response, handing each event to onEvent with the time its chunk arrived
 * (performance.now()). Resolves once the response is over: complete when the server ended it.
 */
function readEventStream(url, { agent, signal, onOpen, onEvent }) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, signal, headers: { Accept: 'text/event-stream' } }, (response) => {
      const type = String(response.headers['content-type'] || '');
      if (response.statusCode !== 200 || !type.startsWith('text/event-stream')) {
        return void readBody(response).then((body) => resolve({ status: response.statusCode, complete: false, body }));
      }
      onOpen?.(request);
      const frames = new FrameSplitter(onEvent);
      response.setEncoding('utf8');
      response.on('data', (chunk) => frames.push(chunk, performance.now()));
      response.on('close', () => resolve({ status: 200, complete: response.complete }));
    });
    request.on('error', (error) => resolve({ status: 0, complete: false, body: error.message }));
  });
}

function readBody(response) {
  return new Promise((resolve) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => (text += chunk));
    response.on('close', () => resolve(text));
  });
}

/** Cuts the byte stream into events at blank lines; frames without data (e.g. `retry:`) are dropped. */
class FrameSplitter {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
  }

  push(chunk, at) {
    this.buffer += chunk;
    let start = 0;
    let end;
    while ((end = this.buffer.indexOf('\n\n', start)) >= 0) {
      const event = parseFrame(this.buffer.slice(start, end));
      start = end + 2;
      if (event) this.onEvent(event, at);
    }
    this.buffer = this.buffer.slice(start);
  }
}

function parseFrame(frame) {
  const event = { event: 'message', id: undefined, data: undefined };
  for (const line of frame.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
    if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
    else if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
  }
  return event.data === undefined ? null : event;
}

module.exports = { readEventStream, FrameSplitter };
