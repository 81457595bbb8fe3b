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

/** Composite of `top` (with its alpha) over an opaque `bottom`. */
function over([r, g, b, a]: number[], [r2, g2, b2]: number[]): number[] {
  return [r * a + r2 * (1 - a), g * a + g2 * (1 - a), b * a + b2 * (1 - a), 1];
}

function rgba(css: string): number[] {
  const parts = /rgba?\(([^)]+)\)/
    .exec(css)?.[1]
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(Number);
  if (!parts || parts.length < 3) throw new Error(`not an rgb() colour: ${css}`);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: number[]): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: number[], b: number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

interface ComputedColours {
  color: string;
  background: string;
  backdrop: string;
  opacity: number;
}

/**
 * The text and background colours the reader sees for the element, from its computed styles: its
 * background (or the nearest ancestor's), its opacity and its ancestors', over the page's background.
 */
async function seenColours(page: Page, testid: string): Promise<{ text: number[]; background: number[] }> {
  const computed = await page.evaluate<ComputedColours>(`(() => {
    const element = document.querySelector('[data-testid="${testid}"]');
    let opacity = 1;
    let background = null;
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      opacity *= Number(style.opacity);
      if (background === null && style.backgroundColor !== 'rgba(0, 0, 0, 0)') background = style.backgroundColor;
    }
    const backdrop = getComputedStyle(document.body).backgroundColor;
    return { color: getComputedStyle(element).color, background: background ?? backdrop, backdrop, opacity };
  })()`);
  const backdrop = rgba(computed.backdrop);
  const background = over(rgba(computed.background), backdrop);
  const text = over(rgba(computed.color), background);
  const faded = (colour: number[]) => over([colour[0], colour[1], colour[2], computed.opacity], backdrop);
  return { text: faded(text), background: faded(background) };
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
      await waitFor(
        'the wheel to reach the end of the conversation',
        async () => {
          await page.mouse.wheel(0, 1500);
          return (await page.evaluate<number>(GAP_BELOW)) < 2;
        },
        STEP_TIMEOUT_MS,
      );
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
      // One line: the composer grows with its text, and shrinks back when it is sent.
      const text = Array.from({ length: 8 }, (_, i) => `word${i + 1}`).join(' ');
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
      // One answer streamed: the message was sent (and answered) once.
      const streamed = requests.map((url) => /\/stream\/[0-9a-f-]{36}\/([0-9a-f-]{36})/.exec(url)?.[1]).filter(Boolean);
      expect(new Set(streamed).size).toBe(1);
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

    it('on a phone, moves focus into the open drawer, keeps Tab there, and gives it back to ☰ on close', async () => {
      const { page } = await openChatPage(browser, baseUrl, { viewport: PHONE, isMobile: true, hasTouch: true });
      const chat = new ChatPage(page);
      await chat.send('the drawer');
      expect(await chat.settled()).toBe('done');
      const focused = () => page.evaluate<string>("document.activeElement.dataset.testid ?? ''");
      const focusInDrawer = () => page.evaluate<boolean>('document.activeElement.closest(\'[data-testid="sidebar"]\') !== null');

      await page.getByTestId('menu-button').click();
      await waitFor('focus in the drawer', focusInDrawer, STEP_TIMEOUT_MS);
      expect(await focused()).toBe('chat-link');
      const reached = new Set<string>();
      for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        expect({ key, inDrawer: await focusInDrawer() }).toEqual({ key, inDrawer: true });
        reached.add(await focused());
      }
      expect([...reached].sort()).toEqual(['chat-link', 'chat-search', 'new-chat', 'theme-select']);

      await page.keyboard.press('Escape');
      await waitFor('focus back on the menu button', async () => (await focused()) === 'menu-button', STEP_TIMEOUT_MS);
      await page.context().close();
    });

    it.each(['dark', 'light'] as const)('in %s mode, the user bubble and the disabled Send meet WCAG AA contrast', async (colorScheme) => {
      const { page } = await openChatPage(browser, baseUrl, { colorScheme });
      const chat = new ChatPage(page);
      await chat.send('contrast');
      expect(await chat.settled()).toBe('done');
      expect(await page.getByTestId('send-button').isDisabled()).toBe(true);

      const bubble = await seenColours(page, 'user-message');
      const send = await seenColours(page, 'send-button');
      expect(contrast(bubble.text, bubble.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(send.text, send.background)).toBeGreaterThanOrEqual(4.5);
      // A disabled Send does not look like an enabled one.
      await chat.input.fill('x');
      const enabled = await seenColours(page, 'send-button');
      expect(enabled.background).not.toEqual(send.background);
      // In dark mode, no bright bubble on a dark page: it is darker than its text.
      if (colorScheme === 'dark') expect(luminance(bubble.background)).toBeLessThan(luminance(bubble.text));
      await page.context().close();
    });
    it('shows Markdown as people expect: a barred quote, solid bullets, lists apart, headers over their cells, whole words in tables', async () => {
      const { page } = await openChatPage(browser, baseUrl, { viewport: PHONE, isMobile: true, hasTouch: true });
      const chat = new ChatPage(page);
      const table =
        '| Name | What it is |\n| --- | --- |\n| queue | a buffer that keeps messages until consumers acknowledge them, durable or exclusive |';
      await chat.send(`Styles:\n\n> quoted\n\n- one\n- two\n\n1. first\n2. second\n\n${table}`);
      expect(await chat.settled()).toBe('done');

      const shown = await page.evaluate(`(() => {
        const text = document.querySelector('[data-testid="answer"] .answer-text');
        const style = (selector) => getComputedStyle(text.querySelector(selector));
        const cell = text.querySelector('td:last-child').firstChild;
        const broken = [...cell.textContent.matchAll(/\\S+/g)].filter((word) => {
          const range = document.createRange();
          range.setStart(cell, word.index);
          range.setEnd(cell, word.index + word[0].length);
          return range.getClientRects().length > 1;
        });
        return {
          quoteBar: style('blockquote').borderInlineStartWidth,
          bullets: style('ul').listStyleType,
          numbers: style('ol').listStyleType,
          listsApart: text.querySelector('ol').getBoundingClientRect().top - text.querySelector('ul').getBoundingClientRect().bottom >= 8,
          headers: style('th').textAlign,
          wordsBroken: broken.map((word) => word[0]),
        };
      })()`);
      expect(shown).toEqual({ quoteBar: '3px', bullets: 'disc', numbers: 'decimal', listsApart: true, headers: 'start', wordsBroken: [] });
      await page.context().close();
    });

    it('lays each block of an answer out in its own direction', async () => {
      const { page } = await openChatPage(browser, baseUrl);
      const chat = new ChatPage(page);
      await chat.send('Two items:\n\n- שלום עולם\n- the second item');
      expect(await chat.settled()).toBe('done');
      const directions = await page.evaluate(
        '[...document.querySelectorAll(\'[data-testid="answer"] .answer-text :is(p, li)\')].map((block) => getComputedStyle(block).direction)',
      );
      expect(directions).toEqual(['ltr', 'rtl', 'ltr']);
      await page.context().close();
    });
  });

  describe('with no worker', () => {
    const env = useStack({ worker: false, STREAM_IDLE_TIMEOUT_MS: 1000 });

    it('says in plain words that no answer came, not how the gateway gave up on it', async () => {
      const { page, pageErrors } = await openChatPage(browser, env.stack.baseUrl);
      const chat = new ChatPage(page);
      await chat.send('is anybody there?');

      expect(await chat.settled()).toBe('failed');
      expect(await chat.lastAnswer().locator('.answer-note').textContent()).toBe(
        'No answer came: the service that writes answers is not responding. Retry in a moment.',
      );
      expect(await page.getByTestId('retry-answer').isVisible()).toBe(true);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  });
});
