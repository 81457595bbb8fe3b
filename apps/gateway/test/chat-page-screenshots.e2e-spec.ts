import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { describeIfChromium, launchChromium, recordPage, STEP_TIMEOUT_MS } from '../../../test/support/browser';
import { answerText } from '../../../test/support/expected-answer';
import { useStack } from '../../../test/support/test-stack';

/**
 * The README's screenshots of the page. `npm run screenshots` sets UPDATE_SCREENSHOTS and writes them
 * into docs/; any other run takes them into a temporary folder, so that a test run never changes the
 * checked-in pictures (fonts differ from machine to machine).
 */
const DOCS = join(__dirname, '..', '..', '..', 'docs');
const CHAT_ID = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
const DAY_MS = 24 * 60 * 60 * 1000;
const QUESTION = [
  'A consumer, in three steps:',
  '',
  '1. **Connect** to the broker',
  '2. Declare the queue',
  '3. Take messages as they come',
  '',
  '```python',
  'def on_message(channel, method, properties, body):',
  '    print(body.decode())',
  '    channel.basic_ack(method.delivery_tag)',
  '```',
].join('\n');

function storedChats(now: number): Record<string, string> {
  const shown = {
    id: CHAT_ID,
    title: 'A consumer, in three steps:',
    updatedAt: now,
    messages: [
      { role: 'user', text: 'What does the default worker answer?' },
      answer(1, answerText('What does the default worker answer?')),
      { role: 'user', text: QUESTION },
      answer(2, answerText(QUESTION)),
    ],
  };
  const others = [
    ['Streaming words over SSE', now - 60_000],
    ['Kafka or RabbitMQ?', now - DAY_MS],
    ['Quorum queues', now - 3 * DAY_MS],
    ['Dead-letter exchanges', now - 20 * DAY_MS],
  ].map(([title, updatedAt], i) => ({
    id: `7a1c2e3f-4b5d-4e6f-8a9b-00000000000${i}`,
    title,
    updatedAt,
    messages: [{ role: 'user', text: title }],
  }));
  const chats = [shown, ...others];
  return {
    'rabbit-chat.v1.chats': JSON.stringify(chats.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }))),
    ...Object.fromEntries(chats.map((chat) => [`rabbit-chat.v1.chat.${chat.id}`, JSON.stringify(chat)])),
  };
}

function answer(n: number, text: string) {
  return {
    role: 'answer',
    messageId: `7a1c2e3f-4b5d-4e6f-8a9b-1000000000${String(n).padStart(2, '0')}`,
    prompt: '',
    text,
    sep: '',
    lastSeq: 1,
    state: 'done',
  };
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const describeWithChromium = describeIfChromium('the chat page screenshots');

describeWithChromium('chat page screenshots', () => {
  const env = useStack({});
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    browser = await launchChromium();
    folder = process.env.UPDATE_SCREENSHOTS ? DOCS : await mkdtemp(join(tmpdir(), 'chat-page-screenshots-'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['light', 'desktop', { width: 1280, height: 800 }],
    ['dark', 'desktop', { width: 1280, height: 800 }],
    ['light', 'phone', { width: 390, height: 844 }],
    ['dark', 'phone', { width: 390, height: 844 }],
  ] as const)('takes the page in %s mode on a %s', async (colorScheme, device, viewport) => {
    const context = await browser.newContext({ viewport, colorScheme, isMobile: device === 'phone', hasTouch: device === 'phone' });
    await context.addInitScript(
      `for (const [key, value] of Object.entries(${JSON.stringify(storedChats(Date.now()))})) localStorage.setItem(key, value);`,
    );
    const { page, pageErrors } = recordPage(await context.newPage());
    await page.goto(`${env.stack.baseUrl}/static/#/chat/${CHAT_ID}`, { timeout: STEP_TIMEOUT_MS });
    await page.locator('code.hljs').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.evaluate('document.fonts.ready');
    // The caret blinks: a screenshot taken with it on differs from one taken with it off.
    await page.evaluate('document.activeElement.blur()');

    const file = join(folder, `chat-page-${colorScheme}-${device}.png`);
    await writeFile(file, await page.screenshot());
    expect(pngSize(await readFile(file))).toEqual(viewport);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
