'use strict';
const http = require('node:http');

/** POSTs a JSON body and resolves with the status and the parsed answer; never rejects. */
function postJson(agent, url, body, signal) {
  return new Promise((resolve) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const request = http.request(url, {
      method: 'POST',
      agent,
      signal,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: parseOrKeep(text) }));
      response.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    request.on('error', (error) => resolve({ status: 0, body: error.message }));
    request.end(payload);
  });
}

/** Sends a request without a body (DELETE, say) and resolves with its status; never rejects. */
function requestStatus(agent, method, url, signal) {
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent, signal });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
    request.end();
  });
}

function parseOrKeep(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Keep-alive sockets shared by one job's requests, as a browser would reuse them. */
function createAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
}

module.exports = { postJson, requestStatus, createAgent };
