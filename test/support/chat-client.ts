export interface AcceptedMessage {
  chat_id: string;
  chat_title: string;
  message_id: string;
}

export type BodyEncoding = 'multipart' | 'urlencoded' | 'json';

/** The HTTP calls a chat page makes, with the body encoded as asked, and `headers` on every request. */
export class ChatClient {
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async startChat(): Promise<{ chat_id: string; chat_title: string }> {
    const response = await fetch(`${this.baseUrl}/start`, { method: 'POST', headers: this.headers });
    if (response.status !== 200) throw new Error(`POST /start answered ${response.status}`);
    return (await response.json()) as { chat_id: string; chat_title: string };
  }

  send(chatId: string, fields: Record<string, string>, encoding: BodyEncoding = 'multipart'): Promise<Response> {
    const { headers = {}, body } = encodeBody(fields, encoding);
    return fetch(`${this.baseUrl}/start/${chatId}`, { method: 'POST', headers: { ...this.headers, ...headers }, body });
  }

  async sendOk(chatId: string, fields: Record<string, string>, encoding: BodyEncoding = 'multipart'): Promise<AcceptedMessage> {
    const response = await this.send(chatId, fields, encoding);
    if (response.status !== 200) throw new Error(`POST /start/${chatId} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as AcceptedMessage;
  }

  streamUrl({ chat_id, message_id }: Pick<AcceptedMessage, 'chat_id' | 'message_id'>): string {
    return `${this.baseUrl}/stream/${chat_id}/${message_id}`;
  }
}

function encodeBody(
  fields: Record<string, string>,
  encoding: BodyEncoding,
): { headers?: Record<string, string>; body: RequestInit['body'] } {
  if (encoding === 'json') return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) };
  if (encoding === 'urlencoded') return { body: new URLSearchParams(fields) };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return { body: form };
}
