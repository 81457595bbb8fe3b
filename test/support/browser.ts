import { existsSync } from 'node:fs';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { waitFor } from './wait-for';

/** Debian's Chromium; the page tests are skipped, saying so, where there is none. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const STEP_TIMEOUT_MS = 10_000;

export function describeIfChromium(name: string): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  console.warn(`Skipping ${name}: no browser at ${CHROMIUM}`);
  return describe.skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** What a page did that a test may want to hold against it. */
export interface PageRecord {
  page: Page;
  requests: string[];
  dialogs: string[];
  pageErrors: string[];
  /** The browser's console errors: a request or script the Content-Security-Policy refused shows here. */
  consoleErrors: string[];
}

/** Records what the page does from now on: requests, dialogs (dismissed), script errors, console errors. */
export function recordPage(page: Page): PageRecord {
  const record: PageRecord = { page, requests: [], dialogs: [], pageErrors: [], consoleErrors: [] };
  page.on('console', (message) => message.type() === 'error' && record.consoleErrors.push(message.text()));
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => record.pageErrors.push(error.message));
  return record;
}

/** A fresh browser profile (its own localStorage) with the chat page open. */
export async function openChatPage(browser: Browser, baseUrl: string, options: BrowserContextOptions = {}): Promise<PageRecord> {
  const context = await browser.newContext(options);
  const record = recordPage(await context.newPage());
  await record.page.goto(`${baseUrl}/`, { timeout: STEP_TIMEOUT_MS });
  return record;
}

/** The chat page, driven through its data-testid hooks. */
export class ChatPage {
  constructor(readonly page: Page) {}

  get input() {
    return this.page.getByTestId('message-input');
  }

  answers() {
    return this.page.getByTestId('answer');
  }

  lastAnswer() {
    return this.answers().last();
  }

  /** Types the text and sends it with Enter, once Send is enabled. */
  async send(text: string): Promise<void> {
    await this.input.fill(text);
    await waitFor('the send button to be enabled', () => this.page.getByTestId('send-button').isEnabled(), STEP_TIMEOUT_MS);
    await this.input.press('Enter');
  }

  /** Waits until the last answer is no longer streaming; returns its state. */
  async settled(timeoutMs = STEP_TIMEOUT_MS): Promise<string | null> {
    const answer = this.lastAnswer();
    await waitFor('the answer to settle', async () => (await answer.getAttribute('data-state')) !== 'streaming', timeoutMs);
    return answer.getAttribute('data-state');
  }

  /** The answer's text as the reader sees it (rendered Markdown, line breaks included). */
  async answerText(index = -1): Promise<string> {
    const answer = index < 0 ? this.lastAnswer() : this.answers().nth(index);
    return answer.locator('.answer-text').innerText();
  }

  /** Waits until the last answer shows at least `count` characters. */
  async waitForText(count: number): Promise<void> {
    await waitFor(`${count} characters of the answer`, async () => (await this.answerText()).length >= count, STEP_TIMEOUT_MS);
  }

  chatLinks() {
    return this.page.getByTestId('chat-link');
  }
}
