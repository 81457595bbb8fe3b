import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useStack } from '../../../test/support/test-stack';

const ROOT = join(__dirname, '../../..');

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** With node:http rather than fetch, which would not send a Host header of the test's choosing. */
function send(url: string, method: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, contentType: response.headers['content-type'], body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** An HTTP/1.0 request, which may come without a Host header: its status line and body. */
function sendWithoutHost(baseUrl: string, path: string): Promise<{ statusLine: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('end', () => resolve({ statusLine: raw.split('\r\n')[0], body: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

describe('the gateway edge', () => {
  const env = useStack({ worker: false, METRICS_PORT: 0, ALLOWED_HOSTS: 'chat.example.com' });
  const get = (path: string) => fetch(`${env.stack.baseUrl}${path}`);

  it('answers a 404 that names no file, and serves no source map, type declaration or package file of the page libraries', async () => {
    for (const path of ['/static/vendor/marked/x', '/static/vendor/dompurify/x', '/static/missing.js']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ statusCode: 404, message: `Cannot GET ${path}`, error: 'Not Found' });
    }
    const others = [
      '/static/vendor/marked/marked.esm.js.map',
      '/static/vendor/marked/marked.d.ts',
      '/static/vendor/marked/marked.umd.js',
      '/static/vendor/marked/%2e%2e/package.json',
      '/static/vendor/dompurify/purify.es.mjs',
      '/static/vendor/dompurify/purify.min.js.map',
      '/static/vendor/dompurify/purify.cjs.d.ts',
      '/static/vendor/dompurify/%2e%2e/package.json',
    ];
    const statuses = await Promise.all(others.map(async (path) => (await get(path)).status));
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
  });

  it('serves the page, and the minified build of marked and of DOMPurify that it imports, as JavaScript', async () => {
    const page = await get('/static/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const imports = [...readFileSync(join(ROOT, 'static/js/markdown.js'), 'utf8').matchAll(/^import .*'\.\.\/(vendor\/[^']+)';$/gm)];
    expect(imports.map(([, path]) => `/static/${path}`)).toEqual([
      '/static/vendor/marked/marked.esm.js',
      '/static/vendor/dompurify/purify.min.js',
    ]);
    const files: [string, string][] = [
      ['/static/vendor/marked/marked.esm.js', 'marked/lib/marked.esm.js'],
      ['/static/vendor/dompurify/purify.min.js', 'dompurify/dist/purify.min.js'],
    ];
    for (const [path, file] of files) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await response.text()).toBe(readFileSync(join(ROOT, 'node_modules', file), 'utf8'));
    }
  });

  it('serves /metrics and /health/ready on METRICS_PORT only, whatever the Host, and /health on the public port', async () => {
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/health/ready')).status).toBe(404);
    expect((await get('/health')).status).toBe(200);
    const metrics = await send(`${env.stack.internalUrl}/metrics`, 'GET', { Host: 'rebind.evil:8080' });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('\ngateway_words_relayed_total 0\n');
    expect((await fetch(`${env.stack.internalUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${env.stack.internalUrl}/static/`)).status).toBe(404);
    expect((await fetch(`${env.stack.internalUrl}/start`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 421 to a Host it does not serve (DNS rebinding) on POST /start and GET, and lets its allowed hosts through', async () => {
    const rebound = { Host: 'rebind.evil:8080', Origin: 'http://rebind.evil:8080' };
    const refusal = {
      statusCode: 421,
      message: 'This gateway does not answer for rebind.evil (ALLOWED_HOSTS)',
      error: 'Misdirected Request',
    };
    for (const [method, path] of [
      ['POST', '/start'],
      ['GET', '/static/'],
      ['GET', '/config'],
    ]) {
      const answer = await send(`${env.stack.baseUrl}${path}`, method, rebound);
      expect({ status: answer.status, contentType: answer.contentType, body: JSON.parse(answer.body) as unknown }).toEqual({
        status: 421,
        contentType: 'application/json; charset=utf-8',
        body: refusal,
      });
    }
    // Load balancers probe liveness by address.
    expect((await send(`${env.stack.baseUrl}/health`, 'GET', rebound)).status).toBe(200);
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'chat.example.com', 'CHAT.Example.com:443']) {
      const started = await send(`${env.stack.baseUrl}/start`, 'POST', { Host: host, Origin: `http://${host}` });
      expect(`${host} ${started.status}`).toBe(`${host} 200`);
    }
  });

  it('answers 400 in the JSON error shape to a request without a Host header', async () => {
    const answer = await sendWithoutHost(env.stack.baseUrl, '/config');
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 400, message: 'The request has no Host header', error: 'Bad Request' });
  });
});

describe('API_DOCS=false', () => {
  const env = useStack({ worker: false, API_DOCS: 'false' });

  it('serves neither Swagger UI nor the OpenAPI document', async () => {
    expect((await fetch(`${env.stack.baseUrl}/api`)).status).toBe(404);
    expect((await fetch(`${env.stack.baseUrl}/api-json`)).status).toBe(404);
    expect((await fetch(`${env.stack.baseUrl}/config`)).status).toBe(200);
  });
});

describe('a STATIC_DIR without index.html', () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'static-dir-'));
  const env = useStack({ worker: false, STATIC_DIR: staticDir });
  afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

  it('answers /static/ with a 404 that names no file', async () => {
    const response = await fetch(`${env.stack.baseUrl}/static/`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ statusCode: 404, message: 'Cannot GET /static/', error: 'Not Found' });
  });
});
