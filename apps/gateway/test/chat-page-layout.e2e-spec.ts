import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { ChatPage, describeIfChromium, launchChromium, openChatPage, recordPage, STEP_TIMEOUT_MS } from '../../../test/support/browser';
import { answerText } from '../../../test/support/expected-answer';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CHAT_ID = '3f2b8c1e-5d4a-4e6f-8a7b-9c0d1e2f3a4b';

/** The conversation's hidden part below what is shown, in px: 0 when its end is in view. */
const GAP_BELOW = "(() => { const c = document.getElementById('conversation'); return c.scrollHeight - c.scrollTop - c.clientHeight; })()";
/** Resolves after two frames: whatever the page does on a resize or a render has been done. */
const AFTER_TWO_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))';

/** A kept chat of `turns` questions and their finished answers, as the page stores it. */
function storedChat(turns: number): Record<string, string> {
  const messages = Array.from({ length: turns }, (_, i) => [
    { role: 'user', text: `Question ${i + 1}: what does a queue keep?` },
    {
      role: 'answer',
      messageId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      prompt: `Question ${i + 1}`,
      text: `Answer ${i + 1}.\n\n- the messages, in order\n- until a consumer takes them`,
      sep: '',
      lastSeq: 12,
      state: 'done',
    },
  ]).flat();
  const updatedAt = Date.now();
  return {
    'rabbit-chat.v1.chats': JSON.stringify([{ id: CHAT_ID, title: 'A long chat', updatedAt }]),
    [`rabbit-chat.v1.chat.${CHAT_ID}`]: JSON.stringify({ id: CHAT_ID, title: 'A long chat', updatedAt, messages }),
  };
}

const describeWithChromium = describeIfChromium('the chat page layout tests');

describeWithChromium('chat page layout', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('with a worker', () => {
    const env = useStack({ WORD_DELAY_MS: 20 });
    let baseUrl: string;

    beforeAll(() => {
      baseUrl = env.stack.baseUrl;
    });

    /** A fresh browser profile that already keeps `stored`, open on the chat. */
    async function openStoredChat(stored: Record<string, string>, options: BrowserContextOptions): Promise<Page> {
      const context = await browser.newContext(options);
      await context.addInitScript(
        `for (const [key, value] of Object.entries(${JSON.stringify(stored)})) if (localStorage.getItem(key) === null) localStorage.setItem(key, value);`,
      );
      const { page } = recordPage(await context.newPage());
      await page.goto(`${baseUrl}/static/#/chat/${CHAT_ID}`, { timeout: STEP_TIMEOUT_MS });
      return page;
    }

    it.each([
      ['a desktop window', DESKTOP],
      ['a phone', PHONE],
    ])('never scrolls the page out of %s in a 30-message chat', async (_, viewport) => {
      const page = await openStoredChat(storedChat(15), { viewport });
      await page.getByTestId('answer').nth(14).waitFor({ timeout: STEP_TIMEOUT_MS });
      const box = (await page.locator('#conversation').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.evaluate("document.getElementById('conversation').scrollTop = 0");
      for (let i = 0; i < 4; i += 1) await page.mouse.wheel(0, 1500);
      await waitFor('the end of the conversation', async () => (await page.evaluate<number>(GAP_BELOW)) < 2, STEP_TIMEOUT_MS);
      // Past its end, the wheel would go on to scroll the page, if the page had anywhere to go.
      await page.mouse.wheel(0, 1500);
      await page.evaluate('window.scrollTo(0, 100000)');
      await page.evaluate(AFTER_TWO_FRAMES);

      expect(
        await page.evaluate(
          "({ scrollY, documentHeight: document.documentElement.scrollHeight, top: document.querySelector('.layout').getBoundingClientRect().top })",
        ),
      ).toEqual({ scrollY: 0, documentHeight: viewport.height, top: 0 });
      await page.context().close();
    });

    it('keeps the composer the same size when an answer starts and ends: Stop takes the place of Send', async () => {
      const { page } = await openChatPage(browser, baseUrl, { viewport: DESKTOP });
      const chat = new ChatPage(page);
      const composer = page.locator('#composer');
      const text = Array.from({ length: 40 }, (_, i) => `word${i + 1}`).join(' ');
      await chat.input.fill(text);
      const before = { composer: await composer.boundingBox(), button: await page.getByTestId('send-button').boundingBox() };

      await chat.input.press('Enter');
      const stop = page.getByTestId('stop-button');
      await stop.waitFor({ timeout: STEP_TIMEOUT_MS });
      expect({ composer: await composer.boundingBox(), button: await stop.boundingBox() }).toEqual(before);
      expect(await page.getByTestId('send-button').isHidden()).toBe(true);

      expect(await chat.settled()).toBe('done');
      expect(await stop.isHidden()).toBe(true);
      expect({ composer: await composer.boundingBox(), button: await page.getByTestId('send-button').boundingBox() }).toEqual(before);
      await page.context().close();
    });

    it('keeps the answer to a 2,000-character first message in view while it streams', async () => {
      const { page, pageErrors } = await openChatPage(browser, baseUrl, { viewport: DESKTOP });
      const chat = new ChatPage(page);
      // A first message that wraps the title onto two lines: the header grows once the chat has it.
      const text = Array.from({ length: 200 }, () => 'abcdefghi')
        .join(' ')
        .padEnd(2000, '!');
      await chat.send(text);

      for (const length of [200, 900, 1600]) {
        await chat.waitForText(length);
        await page.evaluate(AFTER_TWO_FRAMES);
        expect({ length, endInView: (await page.evaluate<number>(GAP_BELOW)) < 2 }).toEqual({ length, endInView: true });
      }
      expect(await chat.settled()).toBe('done');
      await page.evaluate(AFTER_TWO_FRAMES);
      expect(await page.evaluate<number>(GAP_BELOW)).toBeLessThan(2);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });

    it('keeps a message sent just before a reload, sends it after, and its answer arrives once', async () => {
      const { page, requests, pageErrors } = await openChatPage(browser, baseUrl);
      const chat = new ChatPage(page);
      // The server is slow to answer: the reload comes before it has taken the message.
      await page.route(/\/start(\/|$)/, () => undefined);
      await chat.send('sent, then the page reloaded');
      await page.waitForTimeout(10);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.reload();

      await waitFor('the kept message', async () => (await page.getByTestId('user-message').count()) === 1, STEP_TIMEOUT_MS);
      expect(await page.getByTestId('user-message').textContent()).toBe('sent, then the page reloaded');
      await page.getByTestId('answer').waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await chat.settled()).toBe('done');
      expect(await chat.answerText()).toBe(answerText('sent, then the page reloaded'));
      expect(await chat.answers().count()).toBe(1);
      expect(await chat.chatLinks().allTextContents()).toEqual(['sent, then the page reloaded']);
      expect(requests.filter((url) => /\/start\/[0-9a-f-]{36}$/.test(url))).toHaveLength(2);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });

    it('titles a chat with the plain text of its first message, not its Markdown', async () => {
      const { page } = await openChatPage(browser, baseUrl);
      const chat = new ChatPage(page);
      await chat.send('Here is a **bold** summary with a [link](https://example.com/a) and `code`');
      expect(await chat.settled()).toBe('done');
      expect(await page.getByTestId('chat-title').textContent()).toBe('Here is a bold summary with a link and code');
      expect(await chat.chatLinks().allTextContents()).toEqual(['Here is a bold summary with a link and code']);
      await page.context().close();
    });
  });
});
