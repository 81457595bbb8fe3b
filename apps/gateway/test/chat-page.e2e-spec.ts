import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { responseQueueName } from '@app/contracts';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { answerWords } from '../../../test/support/expected-answer';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const STEP_TIMEOUT_MS = 10_000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OWN_PATHS = [/^\/$/, /^\/static\/(app\.js|style\.css)?$/, new RegExp(`^/start(/${UUID})?$`), new RegExp(`^/stream/${UUID}/${UUID}$`)];
const STREAM_PATH = new RegExp(`/stream/${UUID}/(${UUID})$`);

const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.warn(`Skipping the chat page tests: no browser at ${CHROMIUM}`);

interface AnswerSnapshot {
  text: string;
  state: string | null;
}

/**
 * Runs in the page (a string, because this project's TypeScript has no DOM types): keeps each new
 * text of the answer bubble, with the bubble's data-state at that moment, in window.answerSnapshots.
 */
const RECORD_ANSWER_SNAPSHOTS = `(() => {
  const snapshots = (window.answerSnapshots = []);
  const list = document.querySelector('[data-testid="message-list"]');
  new MutationObserver(() => {
    const answer = list.querySelector('[data-testid="answer"]');
    const text = answer ? answer.textContent : '';
    const last = snapshots[snapshots.length - 1];
    if (text !== '' && (!last || last.text !== text)) snapshots.push({ text, state: answer.getAttribute('data-state') });
  }).observe(list, { subtree: true, childList: true, characterData: true });
})()`;

/** What a page did that a test may want to hold against it. */
interface PageRecord {
  page: Page;
  requests: string[];
  dialogs: string[];
  pageErrors: string[];
  /** The browser's console errors: a request or script the Content-Security-Policy refused shows here. */
  consoleErrors: string[];
}

describeIfChromium('chat page', () => {
  let stack: TestStack;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await startStack({ wordDelayMs: 40 });
    baseUrl = stack.baseUrl;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openChat(): Promise<PageRecord> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const record: PageRecord = { page, requests: [], dialogs: [], pageErrors: [], consoleErrors: [] };
    page.on('console', (message) => message.type() === 'error' && record.consoleErrors.push(message.text()));
    page.on('request', (request) => record.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      record.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => record.pageErrors.push(error.message));
    await page.goto(`${baseUrl}/`, { timeout: STEP_TIMEOUT_MS });
    expect(page.url()).toBe(`${baseUrl}/static/`);
    return record;
  }

  /** The send button comes on once the chat has started and there is text to send. */
  function waitUntilSendable(page: Page): Promise<void> {
    return waitFor('the send button to be enabled', () => page.getByTestId('send-button').isEnabled(), STEP_TIMEOUT_MS);
  }

  async function waitForAnswerToSettle(page: Page): Promise<string | null> {
    const settled = page.locator('[data-testid="answer"]:not([data-state="streaming"])');
    await settled.waitFor({ timeout: STEP_TIMEOUT_MS });
    return settled.getAttribute('data-state');
  }

  /** Every request went to the test server, and only for the page, its assets or the API. */
  function expectOnlyOwnRequests(requests: string[]): void {
    const unexpected = requests.filter((url) => {
      const { origin, pathname } = new URL(url);
      return origin !== baseUrl || !OWN_PATHS.some((own) => own.test(pathname));
    });
    expect(unexpected).toEqual([]);
  }

  it('streams an answer into the page word by word, in order', async () => {
    const { page, requests, pageErrors, consoleErrors } = await openChat();
    await page.evaluate(RECORD_ANSWER_SNAPSHOTS);

    const input = page.getByTestId('message-input');
    await input.fill('How do   RabbitMQ queues');
    await input.press('Shift+Enter');
    await input.pressSequentially('stream words?');
    expect(await input.inputValue()).toBe('How do   RabbitMQ queues\nstream words?');
    expect(await page.getByTestId('user-message').count()).toBe(0);
    const text = await input.inputValue();
    await waitUntilSendable(page);
    await input.press('Enter');

    expect(await waitForAnswerToSettle(page)).toBe('done');
    const expected = answerWords(text);
    expect(await page.getByTestId('answer').textContent()).toBe(expected.join(' '));
    expect(await page.getByTestId('user-message').textContent()).toBe(text);
    expect(await page.getByTestId('chat-title').textContent()).toBe('How do RabbitMQ queues stream words?');
    expect(await input.inputValue()).toBe('');

    const snapshots = await page.evaluate<AnswerSnapshot[]>('window.answerSnapshots');
    for (const { text: shown } of snapshots) {
      const words = shown.split(' ');
      expect(words).toEqual(expected.slice(0, words.length));
    }
    const wordCounts = snapshots.map(({ text: shown }) => shown.split(' ').length);
    const strictlyGrowing = wordCounts.every((count, index) => index === 0 || count > wordCounts[index - 1]);
    expect({ wordCounts, strictlyGrowing }).toEqual({ wordCounts, strictlyGrowing: true });
    expect(snapshots.length).toBeGreaterThanOrEqual(expected.length / 2);
    expect(snapshots.every(({ state }) => state === 'streaming')).toBe(true);
    expect(snapshots.at(-1)?.text).toBe(expected.join(' '));

    // Once the whole answer is on screen, the page releases it: the server keeps it no longer.
    const messageId = requests.map((url) => STREAM_PATH.exec(url)?.[1]).find(Boolean)!;
    const broker = await BrokerInspector.connect();
    try {
      await waitFor('the answer to be released', async () => (await broker.queue(responseQueueName(messageId))) === null, STEP_TIMEOUT_MS);
    } finally {
      await broker.close();
    }

    await input.fill('again');
    expect(await page.getByTestId('send-button').isEnabled()).toBe(true);
    expectOnlyOwnRequests(requests);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('shows markup in a message as text', async () => {
    const { page, requests, dialogs, pageErrors } = await openChat();
    const text = '<img src=x onerror=alert(1)> <b>bold</b>';
    await page.getByTestId('message-input').fill(text);
    await waitUntilSendable(page);
    await page.getByTestId('send-button').click();

    expect(await waitForAnswerToSettle(page)).toBe('done');
    const list = page.getByTestId('message-list');
    expect(await list.locator('img, b').count()).toBe(0);
    expect(await page.getByTestId('user-message').textContent()).toBe(text);
    expect(await page.getByTestId('answer').textContent()).toBe(answerWords(text).join(' '));
    expect(await page.getByTestId('chat-title').textContent()).toBe(text);
    expect(await page.getByTestId('chat-title').locator('*').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expectOnlyOwnRequests(requests);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('stops an answer with the Stop button, and the server forgets it', async () => {
    const { page, requests, pageErrors } = await openChat();
    const text = 'w '.repeat(200).trim();
    await page.getByTestId('message-input').fill(text);
    await waitUntilSendable(page);
    await page.getByTestId('send-button').click();
    const answerText = page.locator('[data-testid="answer"] .answer-text');
    await waitFor('a few words', async () => ((await answerText.textContent()) ?? '').split(' ').length >= 3, STEP_TIMEOUT_MS);

    await page.getByTestId('stop-button').click();

    expect(await waitForAnswerToSettle(page)).toBe('stopped');
    expect(await page.getByTestId('stop-button').isHidden()).toBe(true);
    const shown = ((await answerText.textContent()) ?? '').split(' ');
    expect(shown).toEqual(answerWords(text).slice(0, shown.length));
    expect(shown.length).toBeLessThan(answerWords(text).length);
    const messageId = requests.map((url) => STREAM_PATH.exec(new URL(url).pathname)?.[1]).find(Boolean)!;
    const broker = await BrokerInspector.connect();
    try {
      await waitFor(
        'the reply queue to be deleted',
        async () => (await broker.queue(responseQueueName(messageId))) === null,
        STEP_TIMEOUT_MS,
      );
    } finally {
      await broker.close();
    }
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('renders Swagger UI under the Content-Security-Policy, with nothing refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await page.goto(`${baseUrl}/api`, { timeout: STEP_TIMEOUT_MS });
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThanOrEqual(6);
    expect(refused).toEqual([]);
    await context.close();
  });
});
