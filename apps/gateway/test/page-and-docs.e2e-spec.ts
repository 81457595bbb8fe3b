import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStack } from '../../../test/support/test-stack';

describe('the chat page and the API docs', () => {
  const env = useStack({ worker: false });
  const get = (path: string) => fetch(`${env.stack.baseUrl}${path}`, { redirect: 'manual' });

  it('sends / to the chat page at /static/', async () => {
    const response = await get('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/static/');
  });

  it('serves the page and its files from static/', async () => {
    const page = await get('/static/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe(readFileSync(join(__dirname, '../../../static/index.html'), 'utf8'));
    const script = await get('/static/js/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
  });

  it('serves the Markdown parser and the sanitiser the page imports from their npm packages, and nothing else of theirs outside them', async () => {
    const modules: [string, string][] = [
      ['/static/vendor/marked/marked.esm.js', 'marked/lib/marked.esm.js'],
      ['/static/vendor/dompurify/purify.min.js', 'dompurify/dist/purify.min.js'],
    ];
    for (const [path, file] of modules) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(await response.text()).toBe(readFileSync(join(__dirname, '../../../node_modules', file), 'utf8'));
    }
    for (const path of [
      '/static/vendor/marked/',
      '/static/vendor/marked/..%2fpackage.json',
      '/static/vendor/dompurify/%2e%2e/package.json',
    ])
      expect((await get(path)).status).toBe(404);
  });

  it('tells the page the limits it enforces (GET /config)', async () => {
    const response = await get('/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ max_text_length: 4000, max_history_length: 12_000, max_chat_title_length: 100 });
  });

  it('answers 404 in the JSON error shape for a missing file, and never serves files outside static/', async () => {
    for (const path of ['/static/missing.js', '/static/..%2fpackage.json', '/static/%2e%2e/package.json']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('serves Swagger UI at /api and the OpenAPI document at /api-json', async () => {
    const ui = await get('/api');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const document = (await (await get('/api-json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/chat',
      '/api/chat/{chatId}/stream',
      '/config',
      '/health',
      '/start',
      '/start/{chat_id}',
      '/stream/{chat_id}/{message_id}',
      '/v1/chat/completions',
      '/v1/chat/completions/{id}/cancel',
      '/v1/chat/completions/{id}/stream',
      '/v1/models',
    ]);
    expect(Object.keys(document.paths['/stream/{chat_id}/{message_id}']).sort()).toEqual(['delete', 'get', 'head']);
  });
});
