import { build } from 'esbuild';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { describeIfChromium, launchChromium, STEP_TIMEOUT_MS } from '../../../test/support/browser';
import { answerText } from '../../../test/support/expected-answer';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const PAGE_PATH = '/ai-sdk-test/';
const SCRIPT_PATH = '/ai-sdk-test/chat.js';

/** The test page's script: the AI SDK bundled for the browser with the page's own code. */
async function bundledPage(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'ai-sdk-page/chat.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>AI SDK chat</title></head>
<body><ol id="messages"></ol><script type="module" src="${SCRIPT_PATH}"></script></body></html>`;

describeIfChromium('the AI SDK browser test')("the AI SDK's Chat in a browser, against the gateway", () => {
  const fixture = useStack({ WORD_DELAY_MS: 40 });
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    [browser, script] = await Promise.all([launchChromium(), bundledPage()]);
  }, 60_000);
  afterAll(() => browser?.close());

  it('reloaded mid-answer, resumes: the answer is whole, and not duplicated', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The page is served from the gateway's origin, as an app's page would be: only these two paths are the test's.
    await page.route(`${fixture.stack.baseUrl}${PAGE_PATH}`, (route) => route.fulfill({ contentType: 'text/html', body: HTML }));
    await page.route(`${fixture.stack.baseUrl}${SCRIPT_PATH}`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${fixture.stack.baseUrl}${PAGE_PATH}`, { timeout: STEP_TIMEOUT_MS });

    const text = Array.from({ length: 40 }, (_, i) => `word${i + 1}`).join(' ');
    await page.evaluate(`void window.send(${JSON.stringify(text)})`);
    const answer = page.locator('li[data-role="assistant"]');
    await waitFor(
      'a few words of the answer',
      async () => ((await answer.count()) === 1 ? (await answer.innerText()).length > 40 : false),
      STEP_TIMEOUT_MS,
    );

    await page.reload({ timeout: STEP_TIMEOUT_MS });
    await waitFor(
      'the resumed answer to finish',
      async () => (await page.evaluate('window.chatStatus()')) === 'ready' && (await answer.count()) > 0,
      20_000,
    );
    await waitFor('the whole answer', async () => (await answer.last().innerText()) === answerText(text), 20_000);
    expect(await answer.count()).toBe(1);
    expect(await page.locator('li[data-role="user"]').allInnerTexts()).toEqual([text]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
