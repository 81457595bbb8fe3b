export interface SseEventFields {
  id?: number;
  event?: string;
}

/** A comment line: ignored by clients, it keeps proxies from cutting an idle stream and finds dead peers. */
export const SSE_HEARTBEAT = ':\n\n';

/** The SSE format ends a line at CR, LF or CR LF alike. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One Server-Sent Events frame. Data with line breaks becomes one `data:` line per line, as the format
 * requires, so no text (a worker's error, say) can end the frame early or add fields of its own.
 */
export function sseEvent(data: string, { id, event }: SseEventFields = {}): string {
  let frame = '';
  if (event !== undefined) frame += `event: ${event}\n`;
  if (id !== undefined) frame += `id: ${id}\n`;
  const lines = data.includes('\n') || data.includes('\r') ? data.split(LINE_BREAK).join('\ndata: ') : data;
  return `${frame}data: ${lines}\n\n`;
}

/**
 * JSON with U+2028 and U+2029 escaped: valid in JSON strings, but line terminators to JavaScript
 * before ES2019 and to code that evaluates what it receives. (Line breaks are escaped by JSON itself.)
 */
export function jsonForSse(value: unknown): string {
  const json = JSON.stringify(value);
  return /[\u2028\u2029]/.test(json) ? json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}
