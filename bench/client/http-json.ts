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

/**
 * A browser's TCP keep-alive: Chromium probes a socket after 45 s without traffic. An event stream
 * gets a heartbeat every 15 s, so it is never probed.
 */
const TCP_KEEPALIVE_IDLE_MS = 45_000;

/**
 * Keep-alive sockets shared by one job's requests, as a browser would reuse them.
 *
 * `keepAlive` also turns on TCP keep-alive on each socket, after `keepAliveMsecs` without traffic, and
 * Node (libuv) then probes every second and gives up after 10 unanswered probes. At Node's default of
 * 1000 ms, 10,000 idle streams send 10,000 probes a second; the kernel fires their timers in bursts, a
 * burst beyond net.core.netdev_max_backlog (1000) is dropped by the loopback device, the same
 * sockets' probes are dropped again a second later, and after 10 of them the kernel aborts the
 * connection: `read ETIMEDOUT` at the client, though the gateway is fine (bench/README.md, figure 5).
 */
function createAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_IDLE_MS, maxSockets: Infinity, maxFreeSockets: 1024 });
}

export { postJson, requestStatus, jsonField, createAgent };
