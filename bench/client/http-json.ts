import * as http from 'node:http';

/** A JSON request's outcome: status 0 when it failed without an answer, then `body` is the error's message. */
export interface JsonResponse {
  status: number;
  /** The parsed answer, or its text when it is not JSON. */
  body: unknown;
}

/** POSTs a JSON body and resolves with the status and the parsed answer; never rejects. */
function postJson(agent: http.Agent, url: string, body?: unknown, signal?: AbortSignal): Promise<JsonResponse> {
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
      response.on('data', (chunk: string) => (text += chunk));
      // A client request's response always has its status code.
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: parseOrKeep(text) }));
      response.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    request.on('error', (error) => resolve({ status: 0, body: error.message }));
    request.end(payload);
  });
}

/** Sends a request without a body (DELETE, say) and resolves with its status; never rejects. */
function requestStatus(agent: http.Agent, method: string, url: string, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent, signal });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
    request.end();
  });
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `body[key]` when the parsed answer is an object, else undefined: what `body?.[key]` reads of any JSON. */
function jsonField(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}

/** Keep-alive sockets shared by one job's requests, as a browser would reuse them. */
function createAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
}

export { postJson, requestStatus, jsonField, createAgent };
