export interface SseEventFields {
  id?: number;
  event?: string;
}

/** One Server-Sent Events frame; multi-line data becomes one `data:` line per line, as the format requires. */
export function sseEvent(data: string, { id, event }: SseEventFields = {}): string {
  let frame = '';
  if (event !== undefined) frame += `event: ${event}\n`;
  if (id !== undefined) frame += `id: ${id}\n`;
  frame += data.includes('\n') ? `data: ${data.split('\n').join('\ndata: ')}\n\n` : `data: ${data}\n\n`;
  return frame;
}
