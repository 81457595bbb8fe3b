// The gateway's HTTP API, as the page uses it.

export const END_MARKER = '^*END*^';
/** The `code` of a stream's `event: error` when a newer request took its answer over (another tab, say). */
export const MOVED = 'moved';

export class ApiError extends Error {
  /** @param {number} status 0 when the server could not be reached. */
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * POST /start/{chat_id}: queues the message, with the chat's earlier turns as its context (`history`,
 * [{ role, content }] oldest first); resolves to { chat_id, chat_title, message_id }. As JSON: form
 * data would turn every line break into CR LF on the way, and could not carry the turns.
 */
export function sendMessage(chatId, text, title, history) {
  const body = JSON.stringify({ text, chat_title: title, history });
  return post(`/start/${encodeURIComponent(chatId)}`, body, { 'Content-Type': 'application/json' });
}

/** A stream's `event: error` data, `{ code, message }`; data that is not is a message without a code. */
export function readStreamError(data) {
  try {
    const { code, message } = JSON.parse(data);
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : '' };
  } catch {
    // Not JSON: the message alone.
  }
  return { code: null, message: data };
}

export function streamUrl(chatId, messageId, lastSeq = 0) {
  const path = `/stream/${encodeURIComponent(chatId)}/${encodeURIComponent(messageId)}`;
  return lastSeq > 0 ? `${path}?lastEventId=${lastSeq}` : path;
}

/**
 * Mid-answer, stops it (the worker stops generating); once it is all here, tells the server it need not
 * keep it for a resume. Best effort: an answer left behind expires on the server anyway.
 */
export function releaseAnswer(chatId, messageId) {
  fetch(streamUrl(chatId, messageId), { method: 'DELETE', keepalive: true }).catch(() => undefined);
}

/** Whether the server still has the answer: true, false (404), or null when that cannot be told now. */
export async function answerExists(chatId, messageId) {
  try {
    const response = await fetch(streamUrl(chatId, messageId), { method: 'HEAD', cache: 'no-store' });
    if (response.ok) return true;
    return response.status === 404 ? false : null;
  } catch {
    return null;
  }
}

/** GET /config: the limits the server enforces, for the page to show before the server refuses. */
export async function fetchLimits() {
  const response = await fetch('/config', { cache: 'no-store' });
  if (!response.ok) throw new ApiError(`the server answered ${response.status}`, response.status);
  return response.json();
}

async function post(path, body, headers) {
  let response;
  try {
    response = await fetch(path, { method: 'POST', body, headers });
  } catch {
    throw new ApiError('the server cannot be reached', 0);
  }
  const payload = await response.json().catch(() => null);
  if (response.ok && payload) return payload;
  throw new ApiError(describeFailure(response, payload), response.status);
}

function describeFailure(response, payload) {
  const message = payload && payload.message;
  if (Array.isArray(message) && message.length > 0) return message.join('; ');
  if (typeof message === 'string' && message !== '') return message;
  return `the server answered ${response.status} ${response.statusText}`.trim();
}
