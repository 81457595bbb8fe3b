import { createServer, get, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { keepHeadLean } from './lean-response-head';

/** Serves one response made by `respond`, and gives what a client received of it. */
async function served(respond: (response: ServerResponse) => void): Promise<{ headers: IncomingMessage['headers']; body: string }> {
  const server = createServer((_, response) => respond(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ headers: response.headers, body }));
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('keepHeadLean', () => {
  it('keeps the head the client gets whole, and lets the header map go', async () => {
    let keptHeaders: Record<string, unknown> | undefined;
    const received = await served((response) => {
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
      keepHeadLean(response);
      keptHeaders = response.getHeaders();
      response.write('data: one\n\n');
      response.end('data: two\n\n');
    });
    expect(received.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    expect(received.body).toBe('data: one\n\ndata: two\n\n');
    expect(keptHeaders).toEqual({});
  });

  it('does nothing before the head is written', async () => {
    const received = await served((response) => {
      response.setHeader('X-Test', 'kept');
      keepHeadLean(response);
      response.end('body');
    });
    expect(received.headers['x-test']).toBe('kept');
    expect(received.body).toBe('body');
  });
});
