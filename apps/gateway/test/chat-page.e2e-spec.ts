import { Browser, Page } from 'playwright-core';
import { replyQueueName } from '@app/contracts';
import { ChatPage, describeIfChromium, launchChromium, openChatPage, recordPage, STEP_TIMEOUT_MS } from '../../../test/support/browser';
import { answerText, answerWords } from '../../../test/support/expected-answer';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OWN_PATHS = [
  /^\/$/,
  /^\/config$/,
  /^\/static\/(style\.css|js\/[a-z-]+\.js|vendor\/marked\/marked\.esm\.js|vendor\/dompurify\/purify\.min\.js|vendor\/highlight\/(core|languages\/[a-z]+)\.js)?$/,
  new RegExp(`^/start(/${UUID})?$`),
  new RegExp(`^/stream/${UUID}/${UUID}$`),
];
const STREAM_PATH = new RegExp(`/stream/${UUID}/(${UUID})`);
const MAX_TEXT_LENGTH = 1000;
/** 60 numbered words: about 2.5 s of answer at the stack's 40 ms per word. */
const LONG_TEXT = Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' ');

/**
 * Runs in the page before its scripts, on every load (a string: this project's TypeScript has no DOM
 * types): keeps each new text of the last answer as the reader sees it, with its data-state, in
 * window.answerSnapshots.
 */
const RECORD_ANSWER_SNAPSHOTS = `(() => {
  const snapshots = (window.answerSnapshots = []);
  new MutationObserver(() => {
    const answers = document.querySelectorAll('[data-testid="answer"]');
    const answer = answers[answers.length - 1];
    const text = answer ? answer.querySelector('.answer-text').innerText : '';
    const last = snapshots[snapshots.length - 1];
    if (text !== '' && (!last || last.text !== text)) snapshots.push({ text, state: answer.getAttribute('data-state') });
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

interface AnswerSnapshot {
  text: string;
  state: string | null;
}

const describeWithChromium = describeIfChromium('the chat page tests');

describeWithChromium('chat page', () => {
  const env = useStack({ WORD_DELAY_MS: 40, MAX_TEXT_LENGTH });
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = env.stack.baseUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  function messageIdsStreamed(requests: string[]): string[] {
    return [...new Set(requests.map((url) => STREAM_PATH.exec(url)?.[1]).filter((id): id is string => Boolean(id)))];
  }

  /** Every request went to the test server, and only for the page, its assets or the API. */
  function expectOnlyOwnRequests(requests: string[]): void {
    const unexpected = requests.filter((url) => {
      const { origin, pathname } = new URL(url);
      return origin !== baseUrl || !OWN_PATHS.some((own) => own.test(pathname));
    });
    expect(unexpected).toEqual([]);
  }

  async function expectQueueGone(messageId: string): Promise<void> {
    await waitFor(
      'the reply queue to be deleted',
      async () => (await env.broker.queue(replyQueueName(messageId))) === null,
      STEP_TIMEOUT_MS,
    );
  }

  async function snapshots(page: Page): Promise<AnswerSnapshot[]> {
    return page.evaluate<AnswerSnapshot[]>('window.answerSnapshots');
  }

  it('streams an answer into the page word by word, in order, with its exact spacing', async () => {
    const { page, requests, pageErrors, consoleErrors } = await openChatPage(browser, baseUrl);
    expect(page.url()).toBe(`${baseUrl}/static/`);
    await page.evaluate(RECORD_ANSWER_SNAPSHOTS);
    const chat = new ChatPage(page);

    await chat.input.fill('How do   RabbitMQ queues');
    await chat.input.press('Shift+Enter');
    await chat.input.pressSequentially('stream words?');
    const text = await chat.input.inputValue();
    expect(text).toBe('How do   RabbitMQ queues\nstream words?');
    expect(await page.getByTestId('user-message').count()).toBe(0);
    await chat.input.press('Enter');

    expect(await chat.settled()).toBe('done');
    const expected = answerText(text);
    expect(await chat.answerText()).toBe(expected);
    expect(await page.getByTestId('user-message').textContent()).toBe(text);
    expect(await page.getByTestId('chat-title').textContent()).toBe('How do RabbitMQ queues stream words?');
    expect(await chat.input.inputValue()).toBe('');
    expect(page.url()).toMatch(new RegExp(`#/chat/${UUID}$`));

    const shown = await snapshots(page);
    for (const { text: partial } of shown) expect({ partial, prefix: expected.startsWith(partial) }).toEqual({ partial, prefix: true });
    const lengths = shown.map(({ text: partial }) => partial.length);
    expect(lengths.every((length, index) => index === 0 || length > lengths[index - 1])).toBe(true);
    expect(shown.length).toBeGreaterThanOrEqual(answerWords(text).length / 2);
    expect(shown.slice(0, -1).every(({ state }) => state === 'streaming')).toBe(true);
    expect(shown.at(-1)?.text).toBe(expected);

    // Once the whole answer is on screen, the page releases it: the server keeps it no longer.
    await expectQueueGone(messageIdsStreamed(requests)[0]);
    await chat.input.fill('again');
    expect(await page.getByTestId('send-button').isEnabled()).toBe(true);
    expectOnlyOwnRequests(requests);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('renders Markdown: line breaks, lists and a fenced code block survive, markup stays text, Copy gives the exact text', async () => {
    const { page, dialogs, pageErrors, consoleErrors, requests } = await openChatPage(browser, baseUrl);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const chat = new ChatPage(page);
    const text = [
      'First line',
      'second  line',
      '',
      '- one',
      '- two',
      '',
      '```',
      'const x = 1;',
      '  indented();',
      '```',
      '<img src=x onerror=alert(1)> <b>bold</b> [link](javascript:alert(1))',
    ].join('\n');
    await chat.send(text);

    expect(await chat.settled()).toBe('done');
    const rendered = chat.lastAnswer().locator('.answer-text');
    expect(await rendered.locator('p').first().innerText()).toBe(`${answerText('First line')}\nsecond  line`);
    expect(await rendered.locator('li').allInnerTexts()).toEqual(['one', 'two']);
    expect(await rendered.locator('pre code').textContent()).toBe('const x = 1;\n  indented();\n');
    expect(await rendered.locator('p').last().textContent()).toBe('<img src=x onerror=alert(1)> <b>bold</b> link');
    expect(await rendered.locator('a').getAttribute('href')).toBeNull();
    const list = page.getByTestId('message-list');
    expect(await list.locator('img, b, script').count()).toBe(0);
    expect(await page.getByTestId('user-message').textContent()).toBe(text);

    await page.getByTestId('copy-answer').click();
    await waitFor(
      'the copy to be confirmed',
      async () => (await page.getByTestId('copy-answer').textContent()) === 'Copied',
      STEP_TIMEOUT_MS,
    );
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(answerText(text));
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expectOnlyOwnRequests(requests);
    await page.context().close();
  });

  it.each([
    ['the Stop button', (page: Page) => page.getByTestId('stop-button').click()],
    ['Escape', (page: Page) => page.keyboard.press('Escape')],
  ])('stops an answer with %s, says so in its bubble only, puts focus back in the input, and the server forgets it', async (_, stop) => {
    const { page, requests, pageErrors } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1 word2').length);

    await stop(page);

    expect(await chat.settled()).toBe('stopped');
    expect(await chat.lastAnswer().locator('.answer-note').textContent()).toBe('Stopped.');
    expect(await page.getByTestId('status').textContent()).toBe('');
    expect(await page.getByTestId('stop-button').isHidden()).toBe(true);
    expect(await page.evaluate<string | null>('document.activeElement.dataset.testid')).toBe('message-input');
    const shown = await chat.answerText();
    expect(answerText(LONG_TEXT).startsWith(shown)).toBe(true);
    expect(shown.length).toBeLessThan(answerText(LONG_TEXT).length);
    await expectQueueGone(messageIdsStreamed(requests)[0]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps the end of a growing answer in view, paragraph after paragraph, until the user scrolls up', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl, { viewport: { width: 480, height: 400 } });
    const chat = new ChatPage(page);
    const gapBelow = () =>
      page.evaluate<number>(
        "(() => { const c = document.getElementById('conversation'); return c.scrollHeight - c.scrollTop - c.clientHeight; })()",
      );
    // Paragraphs: a render can add more than a line at once.
    const paragraphs = Array.from({ length: 12 }, (_, i) => `paragraph ${i + 1} has a few words`).join('\n\n');
    await chat.send(paragraphs);
    expect(await chat.settled()).toBe('done');
    expect(await gapBelow()).toBeLessThan(2);

    await chat.send(paragraphs);
    await chat.waitForText(answerText('paragraph 1').length);
    await page.evaluate("document.getElementById('conversation').scrollTop = 0");
    await waitFor('the second answer', async () => (await page.getByTestId('answer').count()) === 2);
    await waitFor(
      'the second answer to finish',
      async () => (await page.getByTestId('answer').nth(1).getAttribute('data-state')) === 'done',
      STEP_TIMEOUT_MS,
    );
    expect(await page.evaluate<number>("document.getElementById('conversation').scrollTop")).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps the conversation across a reload mid-answer, and the answer goes on with every word once', async () => {
    const { page, requests, pageErrors } = await openChatPage(browser, baseUrl);
    await page.context().addInitScript(RECORD_ANSWER_SNAPSHOTS);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1 word2 word3 word4 word5 word6 word7 word8 word9 word10').length);
    const url = page.url();

    await page.reload();

    expect(page.url()).toBe(url);
    expect(await page.getByTestId('user-message').textContent()).toBe(LONG_TEXT);
    const restored = await snapshots(page);
    // The first thing shown after the reload is what had arrived before it.
    expect(restored[0].text.length).toBeGreaterThanOrEqual(answerText('word1 word2 word3').length);
    expect(await chat.settled()).toBe('done');
    const expected = answerText(LONG_TEXT);
    expect(await chat.answerText()).toBe(expected);
    for (const { text } of await snapshots(page)) expect({ text, prefix: expected.startsWith(text) }).toEqual({ text, prefix: true });
    expect(requests.some((url) => /\/stream\/.+\?lastEventId=[1-9]\d*$/.test(url))).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps chats apart: switch away while an answer streams, come back, reload, go back and forth', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1 word2').length);
    const firstUrl = page.url();

    await page.getByTestId('new-chat').click();
    // Chats are switched on hashchange, a task after the click.
    await waitFor('the new chat', async () => (await page.getByTestId('message-list').locator('li').count()) === 0);
    await chat.send('second chat');
    expect(await chat.settled()).toBe('done');
    expect(await chat.answerText()).toBe(answerText('second chat'));
    const secondUrl = page.url();
    expect(secondUrl).not.toBe(firstUrl);
    expect(await chat.chatLinks().allTextContents()).toEqual(['second chat', LONG_TEXT.slice(0, 99).replace(/ \S*$/, '…')]);

    await chat.chatLinks().nth(1).click();
    expect(page.url()).toBe(firstUrl);
    await waitFor('the first chat', async () => (await page.getByTestId('user-message').textContent()) === LONG_TEXT);
    expect(await chat.settled()).toBe('done');
    expect(await chat.answerText()).toBe(answerText(LONG_TEXT));

    await page.reload();
    expect(await chat.chatLinks().count()).toBe(2);
    expect(await chat.answerText()).toBe(answerText(LONG_TEXT));
    await page.goBack();
    expect(page.url()).toBe(secondUrl);
    await waitFor('the second chat', async () => (await page.getByTestId('user-message').textContent()) === 'second chat');
    expect(await chat.answerText()).toBe(answerText('second chat'));
    await page.goForward();
    await waitFor('the first chat', async () => (await page.getByTestId('user-message').textContent()) === LONG_TEXT);

    // A second tab opens the same chat from its address.
    const second = new ChatPage(await page.context().newPage());
    await second.page.goto(secondUrl);
    await waitFor('the chat in the second tab', async () => (await second.page.getByTestId('user-message').count()) === 1);
    expect(await second.answerText()).toBe(answerText('second chat'));
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('leaves an answer to the tab streaming it: another tab of the same browser does not take it over', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1').length);

    // A second tab on the chat list (not on that chat) finds the answer arriving, and another tab's lease on it.
    const other = recordPage(await page.context().newPage());
    await other.page.goto(`${baseUrl}/static/#/`);
    await waitFor('the chat in the other tab', async () => (await other.page.getByTestId('chat-link').count()) === 1);

    expect(await chat.settled()).toBe('done');
    expect(await chat.answerText()).toBe(answerText(LONG_TEXT));
    expect(other.requests.filter((url) => STREAM_PATH.test(url))).toEqual([]);
    await page.context().close();
  });

  it('hands an answer to a tab that opens its chat: told `moved`, the first tab says the answer continues there', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1').length);

    const second = new ChatPage(await page.context().newPage());
    await second.page.goto(page.url());

    const note = chat.lastAnswer().locator('.answer-note');
    await waitFor('the first tab to hand over', async () => (await note.textContent()) === 'Continuing in another tab or window.');
    expect(await second.settled()).toBe('done');
    expect(await second.answerText()).toBe(answerText(LONG_TEXT));
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('marks an answer the server no longer has as incomplete, and Retry sends its message again, leaving no stale status', async () => {
    const { page, requests } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send(LONG_TEXT);
    await chat.waitForText(answerText('word1').length);
    const url = page.url();
    const [, chatId, messageId] = new URL(requests.find((request) => STREAM_PATH.test(request))!).pathname.split('/').slice(1);
    const context = page.context();
    await page.close();
    // Stopped by another client meanwhile: the reply queue is gone.
    expect((await fetch(`${baseUrl}/stream/${chatId}/${messageId}`, { method: 'DELETE' })).status).toBe(204);

    const reopened = new ChatPage(recordPage(await context.newPage()).page);
    await reopened.page.goto(url);
    expect(await reopened.settled()).toBe('incomplete');
    expect(await reopened.lastAnswer().locator('.answer-note').textContent()).toMatch(/no longer has the rest/);
    expect(answerText(LONG_TEXT).startsWith(await reopened.answerText())).toBe(true);

    await reopened.page.getByTestId('retry-answer').click();
    expect(await reopened.settled()).toBe('done');
    expect(await reopened.answerText()).toBe(answerText(LONG_TEXT));
    expect(await reopened.page.getByTestId('user-message').count()).toBe(1);
    expect(await reopened.answers().count()).toBe(1);
    expect(await reopened.page.getByTestId('status').textContent()).toBe('');
    await context.close();
  });

  it('renames and deletes a chat, each clearing a status it made stale, and says the chat was deleted', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const chat = new ChatPage(page);
    const status = page.getByTestId('status');
    await chat.send('to be renamed');
    expect(await chat.settled()).toBe('done');
    await page.getByTestId('copy-answer').click();
    await waitFor('the copy to be confirmed', async () => (await status.textContent()) === 'Answer copied.', STEP_TIMEOUT_MS);

    await page.getByTestId('rename-chat').click();
    await page.getByTestId('rename-input').fill('My chat');
    await page.getByTestId('rename-save').click();
    // The dialog's close event, which saves the title, comes a task after the click.
    await waitFor('the new title', async () => (await page.getByTestId('chat-title').textContent()) === 'My chat');
    expect(await chat.chatLinks().allTextContents()).toEqual(['My chat']);
    expect(await status.textContent()).toBe('');
    await page.reload();
    expect(await page.getByTestId('chat-title').textContent()).toBe('My chat');

    await page.getByTestId('delete-chat').click();
    await page.getByTestId('delete-confirm').click();
    await waitFor('the chat to go', async () => (await chat.chatLinks().count()) === 0);
    expect(new URL(page.url()).hash).toBe('#/');
    expect(await status.textContent()).toBe('Chat deleted.');
    expect(await page.evaluate<number>('Object.keys(localStorage).filter((key) => key.includes(".chat.")).length')).toBe(0);
    await page.context().close();
  });

  it('keeps working, and says so, when the browser will not store the chat', async () => {
    const context = await browser.newContext();
    await context.addInitScript("Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }");
    const { page, pageErrors } = recordPage(await context.newPage());
    await page.goto(`${baseUrl}/`);
    const chat = new ChatPage(page);
    await chat.send('not kept');

    expect(await chat.settled()).toBe('done');
    expect(await chat.answerText()).toBe(answerText('not kept'));
    expect(await page.getByTestId('status').textContent()).toMatch(/would not keep the chat/);
    expect(await chat.chatLinks().allTextContents()).toEqual(['not kept']);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows the server's length limit, and never shows an over-long message as sent", async () => {
    const { page, requests } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    const counter = page.getByTestId('length-counter');
    await waitFor('the limit from the server', async () => (await counter.textContent()) === `0 / ${MAX_TEXT_LENGTH}`);

    // One character, two UTF-16 units: the counter counts characters, as the server does.
    await chat.input.fill('😀'.repeat(MAX_TEXT_LENGTH + 1));
    expect(await counter.textContent()).toBe(`${MAX_TEXT_LENGTH + 1} / ${MAX_TEXT_LENGTH}`);
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    expect(await chat.input.getAttribute('aria-invalid')).toBe('true');
    await chat.input.press('Enter');
    expect(await page.getByTestId('user-message').count()).toBe(0);
    expect(requests.filter((url) => new URL(url).pathname.startsWith('/start'))).toEqual([]);

    await chat.input.press('Backspace');
    expect(await page.getByTestId('send-button').isEnabled()).toBe(true);
    await page.context().close();
  });

  it('lays right-to-left text out right to left', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send('שלום עולם');
    expect(await chat.settled()).toBe('done');
    const direction = (selector: string) => page.evaluate<string>(`getComputedStyle(document.querySelector('${selector}')).direction`);
    expect(await direction('[data-testid="user-message"]')).toBe('rtl');
    expect(await direction('[data-testid="chat-title"]')).toBe('rtl');
    expect(await direction('[data-testid="chat-link"]')).toBe('rtl');
    // The answer starts in English: left to right.
    expect(await direction('.answer-text')).toBe('ltr');
    await page.context().close();
  });

  it('on a phone-sized screen, keeps the chat list in a drawer and the title on one line', async () => {
    const { page } = await openChatPage(browser, baseUrl, { viewport: { width: 390, height: 740 }, isMobile: true, hasTouch: true });
    const chat = new ChatPage(page);
    await chat.send('a title long enough to need more than one line on a phone-sized screen, which it must not take');
    expect(await chat.settled()).toBe('done');
    const title = page.getByTestId('chat-title');
    const lineHeight = await page.evaluate<number>(
      `parseFloat(getComputedStyle(document.querySelector('[data-testid="chat-title"]')).lineHeight)`,
    );
    expect((await title.boundingBox())!.height).toBeLessThan(1.5 * lineHeight);

    expect(await page.getByTestId('sidebar').isVisible()).toBe(false);
    const menu = page.getByTestId('menu-button');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await waitFor('the drawer to open', () => page.getByTestId('chat-link').isVisible());
    await page.keyboard.press('Escape');
    await waitFor('the drawer to close', async () => !(await page.getByTestId('sidebar').isVisible()));
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.context().close();
  });

  it('can be used by keyboard alone, and says who said what', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await chat.send('keyboard');
    expect(await chat.settled()).toBe('done');

    await chat.input.fill('x');
    const reached = new Set<string>();
    await page.evaluate('document.body.focus()');
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate<string>("document.activeElement.dataset.testid ?? document.activeElement.getAttribute('aria-label') ?? ''"),
      );
    }
    for (const control of [
      'new-chat',
      'chat-search',
      'chat-link',
      'theme-select',
      'rename-chat',
      'export-chat',
      'delete-chat',
      'edit-message',
      'copy-answer',
      'regenerate-answer',
      'message-input',
      'send-button',
    ])
      expect([...reached]).toContain(control);

    expect(await page.getByRole('navigation', { name: 'Chats' }).count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Messages' }).getAttribute('aria-live')).toBe('polite');
    expect(await page.getByRole('button', { name: 'Copy this answer' }).count()).toBe(1);
    expect(await page.getByTestId('message-list').locator('.turn-user > :not(.message-actions)').allTextContents()).toEqual([
      'You said: ',
      'keyboard',
    ]);
    expect(await chat.lastAnswer().getAttribute('aria-busy')).toBe('false');
    await page.context().close();
  });

  it("works with the original example's page, which knows nothing of seq, sep or resumes", async () => {
    const context = await browser.newContext();
    const { page, pageErrors } = recordPage(await context.newPage());
    // The original page, as its protocol describes it: form posts, an EventSource, words joined by spaces until the marker.
    await page.route(`${baseUrl}/original/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><body><div id="out"></div><script>
          (async () => {
            const start = await (await fetch('/start', { method: 'POST' })).json();
            const form = new FormData();
            form.append('text', 'from the  original\\npage');
            form.append('chat_title', start.chat_title);
            const sent = await (await fetch('/start/' + start.chat_id, { method: 'POST', body: form })).json();
            const source = new EventSource('/stream/' + sent.chat_id + '/' + sent.message_id);
            const words = [];
            source.onmessage = (event) => {
              const word = JSON.parse(event.data);
              if (word.text === '^*END*^') {
                source.close();
                document.getElementById('out').textContent = words.join(' ');
                document.body.dataset.done = 'yes';
              } else words.push(word.text);
            };
          })();
        </script></body>`,
      }),
    );
    await page.goto(`${baseUrl}/original/`);
    await page.locator('body[data-done="yes"]').waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#out').textContent()).toBe(answerWords('from the original page').join(' '));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('renders Swagger UI under the Content-Security-Policy, with nothing refused', async () => {
    const context = await browser.newContext();
    const { page, consoleErrors } = recordPage(await context.newPage());
    await page.goto(`${baseUrl}/api`, { timeout: STEP_TIMEOUT_MS });
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThanOrEqual(7);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
