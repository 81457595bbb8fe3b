import { readFile } from 'node:fs/promises';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import {
  ChatPage,
  describeIfChromium,
  launchChromium,
  openChatPage,
  PageRecord,
  recordPage,
  STEP_TIMEOUT_MS,
} from '../../../test/support/browser';
import { answerText } from '../../../test/support/expected-answer';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const DESKTOP = { width: 1280, height: 800 };
/** The conversation's hidden part below what is shown, in px: 0 when its end is in view. */
const GAP_BELOW = "(() => { const c = document.getElementById('conversation'); return c.scrollHeight - c.scrollTop - c.clientHeight; })()";
/** Resolves after two frames: whatever the page does on a resize or a render has been done. */
const AFTER_TWO_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))';

interface StoredMessage {
  role: 'user' | 'answer';
  text: string;
  messageId?: string;
  state?: string;
}

interface StoredChat {
  id: string;
  title: string;
  updatedAt: number;
  messages: StoredMessage[];
}

/** A chat as the page keeps it; its answers finished unless they say otherwise. */
function storedChat(id: string, title: string, updatedAt: number, messages: StoredMessage[]): StoredChat {
  let answers = 0;
  return {
    id,
    title,
    updatedAt,
    messages: messages.map((message) =>
      message.role === 'user'
        ? message
        : {
            state: 'done',
            messageId: `${id.slice(0, 24)}${String(++answers).padStart(12, '0')}`,
            prompt: 'kept',
            sep: '',
            lastSeq: 1,
            ...message,
          },
    ),
  };
}

/** localStorage as the page keeps these chats. */
function storage(chats: StoredChat[]): Record<string, string> {
  const index = [...chats].sort((a, b) => b.updatedAt - a.updatedAt).map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  const entries: [string, string][] = [
    ['rabbit-chat.v1.chats', JSON.stringify(index)],
    ...chats.map((chat): [string, string] => [`rabbit-chat.v1.chat.${chat.id}`, JSON.stringify(chat)]),
  ];
  return Object.fromEntries(entries);
}

/** `count` questions and their answers, long enough to fill more than a window. */
function longConversation(count: number): StoredMessage[] {
  return Array.from({ length: count }, (_, i): StoredMessage[] => [
    { role: 'user', text: `Question ${i + 1}: what does a queue keep?` },
    { role: 'answer', text: `Answer ${i + 1}.\n\n- the messages, in order\n- until a consumer takes them` },
  ]).flat();
}

/** The JSON bodies of the page's POST /start/{chat_id} requests, in order. */
function recordSentBodies(page: Page): unknown[] {
  const bodies: unknown[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/start\/[0-9a-f-]{36}$/.test(request.url())) bodies.push(JSON.parse(request.postData() ?? 'null'));
  });
  return bodies;
}

const describeWithChromium = describeIfChromium('the chat page feature tests');

describeWithChromium('chat page features', () => {
  const env = useStack({ WORD_DELAY_MS: 20 });
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = env.stack.baseUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser profile that already keeps `stored`, open at `hash`. */
  async function openWithStored(stored: Record<string, string>, hash = '#/', options: BrowserContextOptions = {}): Promise<PageRecord> {
    const context = await browser.newContext(options);
    await context.addInitScript(
      `for (const [key, value] of Object.entries(${JSON.stringify(stored)})) if (localStorage.getItem(key) === null) localStorage.setItem(key, value);`,
    );
    const record = recordPage(await context.newPage());
    await record.page.goto(`${baseUrl}/static/${hash}`, { timeout: STEP_TIMEOUT_MS });
    return record;
  }

  async function sendAndSettle(chat: ChatPage, text: string): Promise<void> {
    const answers = await chat.answers().count();
    await chat.send(text);
    await waitFor('the new answer', async () => (await chat.answers().count()) > answers, STEP_TIMEOUT_MS);
    expect(await chat.settled()).toBe('done');
  }

  const userMessages = (page: Page) => page.getByTestId('user-message').allTextContents();

  it('sends the earlier turns as the history of a message, oldest first, the last ones that fit in max_history_length', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl);
    const bodies = recordSentBodies(page);
    const chat = new ChatPage(page);
    await sendAndSettle(chat, 'one');
    await sendAndSettle(chat, 'two');

    expect(bodies).toEqual([
      { text: 'one', chat_title: 'one', history: [] },
      {
        text: 'two',
        chat_title: 'one',
        history: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: answerText('one') },
        ],
      },
    ]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps only the last whole turns that fit when the server allows little history', async () => {
    const context = await browser.newContext();
    const { page } = recordPage(await context.newPage());
    // answerText('two') is 72 characters, 'two' 3: the last two turns fit in 76, the third from the end does not.
    await page.route('**/config', (route) =>
      route.fulfill({ json: { max_text_length: 4000, max_history_length: 76, max_chat_title_length: 100 } }),
    );
    await page.goto(`${baseUrl}/`, { timeout: STEP_TIMEOUT_MS });
    const bodies = recordSentBodies(page);
    const chat = new ChatPage(page);
    await sendAndSettle(chat, 'one');
    await sendAndSettle(chat, 'two');
    await sendAndSettle(chat, 'three');

    expect(answerText('two').length).toBe(72);
    expect(bodies.at(-1)).toEqual({
      text: 'three',
      chat_title: 'one',
      history: [
        { role: 'user', content: 'two' },
        { role: 'assistant', content: answerText('two') },
      ],
    });
    await context.close();
  });

  it('leaves failed and empty answers, and messages not sent yet, out of the history, and sends 256 turns at most', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const history = await page.evaluate(`import('/static/js/conversation-history.js').then(({ historyBefore }) => historyBefore([
      { role: 'user', text: 'asked' },
      { role: 'answer', text: 'half an answ', state: 'failed' },
      { role: 'user', text: 'asked again' },
      { role: 'answer', text: '', state: 'stopped' },
      { role: 'user', text: 'and again' },
      { role: 'answer', text: 'It was stopp', state: 'stopped' },
      { role: 'user', text: 'kept, not sent', sendId: 'x' },
      { role: 'user', text: 'the message sent now' },
    ], 7, 1000))`);
    expect(history).toEqual([
      { role: 'user', content: 'asked' },
      { role: 'user', content: 'asked again' },
      { role: 'user', content: 'and again' },
      { role: 'assistant', content: 'It was stopp' },
    ]);

    // The gateway takes at most 256 turns, however short: the last 256 are sent.
    const many = await page.evaluate<{ role: string; content: string }[]>(
      `import('/static/js/conversation-history.js').then(({ historyBefore }) => historyBefore(Array.from({ length: 300 }, (_, i) => ({ role: 'user', text: 'turn ' + i })), 300, 1000000))`,
    );
    expect(many).toHaveLength(256);
    expect([many[0], many[255]]).toEqual([
      { role: 'user', content: 'turn 44' },
      { role: 'user', content: 'turn 299' },
    ]);
    await page.context().close();
  });

  it('regenerates an answer, keeping the earlier one and the turns after it reachable with ‹ 1 / 2 ›', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl);
    const bodies = recordSentBodies(page);
    const chat = new ChatPage(page);
    await sendAndSettle(chat, 'first question');
    await sendAndSettle(chat, 'second question');
    expect(await page.getByTestId('variant-position').first().isVisible()).toBe(false);

    await page.getByTestId('regenerate-answer').first().click();
    await waitFor('the regenerated answer alone', async () => (await chat.answers().count()) === 1, STEP_TIMEOUT_MS);
    expect(await chat.settled()).toBe('done');
    expect(bodies.at(-1)).toEqual({ text: 'first question', chat_title: 'first question', history: [] });
    expect(await userMessages(page)).toEqual(['first question']);
    expect(await chat.answerText()).toBe(answerText('first question'));
    expect(await page.getByTestId('variant-position').textContent()).toBe('2 / 2');

    await page.getByTestId('previous-variant').click();
    await waitFor('the first variant', async () => (await page.getByTestId('variant-position').first().textContent()) === '1 / 2');
    expect(await userMessages(page)).toEqual(['first question', 'second question']);
    expect(await chat.answerText(1)).toBe(answerText('second question'));
    // The first of two has no previous one.
    expect(await page.getByTestId('previous-variant').first().getAttribute('aria-disabled')).toBe('');
    await page.getByTestId('previous-variant').first().click();
    expect(await page.getByTestId('variant-position').first().textContent()).toBe('1 / 2');

    // The variant picked is kept: a reload shows it.
    await page.reload();
    await page.getByTestId('variant-position').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByTestId('variant-position').first().textContent()).toBe('1 / 2');
    expect(await userMessages(page)).toEqual(['first question', 'second question']);

    await page.getByTestId('next-variant').first().click();
    await waitFor('the second variant', async () => (await userMessages(page)).length === 1);
    expect(await page.getByTestId('variant-position').textContent()).toBe('2 / 2');
    expect(bodies).toHaveLength(3);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('edits a sent message: sends the new text with the turns before it, and drops what followed', async () => {
    const { page, pageErrors } = await openChatPage(browser, baseUrl);
    const bodies = recordSentBodies(page);
    const chat = new ChatPage(page);
    for (const text of ['alpha', 'beta', 'gamma']) await sendAndSettle(chat, text);

    await page.getByTestId('edit-message').nth(1).click();
    expect(await page.getByTestId('edit-input').inputValue()).toBe('beta');
    await page.getByTestId('edit-cancel').click();
    expect(await page.getByTestId('edit-input').count()).toBe(0);
    expect(await userMessages(page)).toEqual(['alpha', 'beta', 'gamma']);

    await page.getByTestId('edit-message').nth(1).click();
    await page.getByTestId('edit-input').fill('beta, edited');
    await page.getByTestId('edit-send').click();
    await waitFor('the edited turn', async () => (await userMessages(page)).length === 2, STEP_TIMEOUT_MS);
    expect(await chat.settled()).toBe('done');

    expect(await userMessages(page)).toEqual(['alpha', 'beta, edited']);
    expect(await chat.answers().count()).toBe(2);
    expect(await chat.answerText()).toBe(answerText('beta, edited'));
    expect(bodies.at(-1)).toEqual({
      text: 'beta, edited',
      chat_title: 'alpha',
      history: [
        { role: 'user', content: 'alpha' },
        { role: 'assistant', content: answerText('alpha') },
      ],
    });
    await page.reload();
    await waitFor('the kept chat', async () => (await userMessages(page)).length === 2, STEP_TIMEOUT_MS);
    expect(await userMessages(page)).toEqual(['alpha', 'beta, edited']);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('labels a code block with its language, highlights it once its grammar is loaded, and copies its exact code', async () => {
    const { page, requests, pageErrors, consoleErrors } = await openChatPage(browser, baseUrl);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const chat = new ChatPage(page);
    await sendAndSettle(chat, 'no code here');
    const highlightRequests = () => requests.filter((url) => url.includes('/vendor/highlight/')).map((url) => new URL(url).pathname);
    expect(highlightRequests()).toEqual([]);

    await sendAndSettle(chat, 'Code:\n\n```python\ndef add(a, b):\n    return a + b  # the sum\n```');
    const block = chat.lastAnswer().locator('.code-block');
    expect(await block.getByTestId('code-language').textContent()).toBe('python');
    await block.locator('code .hljs-keyword').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await block.locator('code .hljs-keyword').allTextContents()).toEqual(['def', 'return']);
    expect(await block.locator('code .hljs-comment').textContent()).toBe('# the sum');
    expect(highlightRequests()).toEqual(['/static/vendor/highlight/core.js', '/static/vendor/highlight/languages/python.js']);

    await block.getByTestId('copy-code').click();
    await waitFor(
      'the copy to be confirmed',
      async () => (await block.getByTestId('copy-code').textContent()) === 'Copied',
      STEP_TIMEOUT_MS,
    );
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe('def add(a, b):\n    return a + b  # the sum');
    expect(await page.getByTestId('status').textContent()).toBe('Code copied.');
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('serves only the highlight.js grammars the page knows', async () => {
    const core = await fetch(`${baseUrl}/static/vendor/highlight/core.js`);
    expect(core.status).toBe(200);
    expect(core.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await core.text()).toMatch(/export default module\.exports;\n$/);
    expect((await fetch(`${baseUrl}/static/vendor/highlight/languages/python.js`)).status).toBe(200);
    for (const path of ['languages/brainfuck.js', 'languages/python', 'languages/..%2Fcore.js', 'index.js'])
      expect({ path, status: (await fetch(`${baseUrl}/static/vendor/highlight/${path}`)).status }).toEqual({ path, status: 404 });
  });

  it('searches the chats by title and by what was said in them', async () => {
    const now = Date.now();
    const stored = storage([
      storedChat('11111111-1111-4111-8111-111111111111', 'Queues compared', now - 1000, [
        { role: 'user', text: 'How does Kafka differ?' },
        { role: 'answer', text: 'It keeps a log.' },
      ]),
      storedChat('22222222-2222-4222-8222-222222222222', 'Streaming words', now - 2000, [
        { role: 'user', text: 'SSE or WebSocket?' },
        { role: 'answer', text: 'SSE, one way.' },
      ]),
      storedChat('33333333-3333-4333-8333-333333333333', 'Kafka topics', now - 3000, [{ role: 'user', text: 'Partitions?' }]),
    ]);
    const { page } = await openWithStored(stored);
    const chat = new ChatPage(page);
    const search = page.getByTestId('chat-search');
    await chat.chatLinks().first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await chat.chatLinks().allTextContents()).toEqual(['Queues compared', 'Streaming words', 'Kafka topics']);

    await search.fill('kafka');
    expect(await chat.chatLinks().allTextContents()).toEqual(['Queues compared', 'Kafka topics']);
    await search.fill('SSE, ONE');
    expect(await chat.chatLinks().allTextContents()).toEqual(['Streaming words']);
    await search.fill('rabbits');
    expect(await chat.chatLinks().count()).toBe(0);
    expect(await page.getByTestId('search-empty').textContent()).toBe('No chat matches.');
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    expect(await chat.chatLinks().allTextContents()).toEqual(['Queues compared', 'Streaming words', 'Kafka topics']);
    await page.context().close();
  });

  it('exports the chat shown as Markdown and as JSON, each answer as it reads', async () => {
    const id = '44444444-4444-4444-8444-444444444444';
    const stored = storage([
      storedChat(id, 'Queues: a summary', Date.now(), [
        { role: 'user', text: 'What keeps messages?' },
        { role: 'answer', text: 'A **queue** keeps them.\n\n```js\nqueue.push(message);\n```' },
        { role: 'user', text: 'And when stopped?' },
        { role: 'answer', text: 'It', state: 'stopped' },
      ]),
    ]);
    const { page } = await openWithStored(stored, `#/chat/${id}`);
    await page.getByTestId('answer').nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });

    const exported = async (format: 'markdown' | 'json') => {
      await page.getByTestId('export-chat').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      return { name: download.suggestedFilename(), content: await readFile(await download.path(), 'utf8') };
    };

    expect(await exported('markdown')).toEqual({
      name: 'Queues-a-summary.md',
      content: [
        '# Queues: a summary',
        '',
        '## You',
        '',
        'What keeps messages?',
        '',
        '## Answer',
        '',
        'A **queue** keeps them.',
        '',
        '```js',
        'queue.push(message);',
        '```',
        '',
        '## You',
        '',
        'And when stopped?',
        '',
        '## Answer',
        '',
        'It',
        '',
        '*Stopped.*',
        '',
      ].join('\n'),
    });
    expect(await exported('json')).toEqual({
      name: 'Queues-a-summary.json',
      content:
        JSON.stringify(
          {
            id,
            title: 'Queues: a summary',
            messages: [
              { role: 'user', content: 'What keeps messages?' },
              { role: 'assistant', content: 'A **queue** keeps them.\n\n```js\nqueue.push(message);\n```', state: 'done' },
              { role: 'user', content: 'And when stopped?' },
              { role: 'assistant', content: 'It', state: 'stopped' },
            ],
          },
          null,
          2,
        ) + '\n',
    });
    await page.context().close();
  });

  it('shows "Jump to latest" only while the reader is scrolled up and an answer arrives below', async () => {
    const id = '55555555-5555-4555-8555-555555555555';
    const { page } = await openWithStored(storage([storedChat(id, 'A long chat', Date.now(), longConversation(12))]), `#/chat/${id}`, {
      viewport: DESKTOP,
    });
    const chat = new ChatPage(page);
    const jump = page.getByTestId('jump-to-latest');
    await chat.answers().nth(11).waitFor({ timeout: STEP_TIMEOUT_MS });
    const box = (await page.locator('#conversation').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    // Scrolled up with nothing arriving: nothing to jump to.
    await page.mouse.wheel(0, -400);
    await waitFor('the scroll up', async () => (await page.evaluate<number>(GAP_BELOW)) > 300, STEP_TIMEOUT_MS);
    expect(await jump.isHidden()).toBe(true);
    await page.mouse.wheel(0, 5000);
    await waitFor('the end of the conversation', async () => (await page.evaluate<number>(GAP_BELOW)) < 2, STEP_TIMEOUT_MS);

    await chat.send(Array.from({ length: 150 }, (_, i) => `word${i + 1}`).join(' '));
    await chat.waitForText(100);
    await page.evaluate(AFTER_TWO_FRAMES);
    expect(await page.evaluate<number>(GAP_BELOW)).toBeLessThan(2);
    expect(await jump.isHidden()).toBe(true);

    await page.mouse.wheel(0, -400);
    await waitFor('"Jump to latest"', () => jump.isVisible(), STEP_TIMEOUT_MS);
    expect(await chat.lastAnswer().getAttribute('data-state')).toBe('streaming');
    await jump.click();
    await page.evaluate(AFTER_TWO_FRAMES);
    expect(await jump.isHidden()).toBe(true);
    expect(await page.evaluate<number>(GAP_BELOW)).toBeLessThan(2);

    await page.mouse.wheel(0, -400);
    await waitFor('"Jump to latest" again', () => jump.isVisible(), STEP_TIMEOUT_MS);
    expect(await chat.settled()).toBe('done');
    expect(await jump.isHidden()).toBe(true);
    expect(await page.evaluate<number>(GAP_BELOW)).toBeGreaterThan(300);
    await page.context().close();
  });

  it('groups the chats by when they were last used: Today, Yesterday, Previous 7 days, Older', async () => {
    const now = new Date();
    const day = (daysAgo: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, 12).getTime();
    const stored = storage([
      storedChat('66666666-6666-4666-8666-000000000001', 'used now', now.getTime(), [{ role: 'user', text: 'a' }]),
      storedChat('66666666-6666-4666-8666-000000000002', 'used yesterday', day(1), [{ role: 'user', text: 'b' }]),
      storedChat('66666666-6666-4666-8666-000000000003', 'used 3 days ago', day(3), [{ role: 'user', text: 'c' }]),
      storedChat('66666666-6666-4666-8666-000000000004', 'used 7 days ago', day(7), [{ role: 'user', text: 'd' }]),
      storedChat('66666666-6666-4666-8666-000000000005', 'used 30 days ago', day(30), [{ role: 'user', text: 'e' }]),
    ]);
    const { page } = await openWithStored(stored);
    await page.getByTestId('chat-group').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const groups = await page.evaluate(
      `[...document.querySelectorAll('[data-testid="chat-group"]')].map((group) => [group.querySelector('h3').textContent, [...group.querySelectorAll('[data-testid="chat-link"]')].map((link) => link.textContent)])`,
    );
    expect(groups).toEqual([
      ['Today', ['used now']],
      ['Yesterday', ['used yesterday']],
      ['Previous 7 days', ['used 3 days ago', 'used 7 days ago']],
      ['Older', ['used 30 days ago']],
    ]);
    await page.context().close();
  });

  it('greets a new chat with what the page is and example prompts, which go into the message box', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    const empty = page.getByTestId('empty-state');
    expect(await empty.isVisible()).toBe(true);
    expect(await empty.locator('h2').textContent()).toBe('Answers, streamed word by word');
    expect(await empty.locator('p').first().textContent()).toMatch(/^\s*Each message goes to a worker through RabbitMQ;/);
    expect(await page.getByTestId('example-prompt').allInnerTexts()).toEqual([
      'Explain what a message queue is, in three bullet points',
      'Write a Python function that reverses a string',
      'Compare RabbitMQ and Kafka in a table',
    ]);

    await page.getByTestId('example-prompt').nth(1).click();
    expect(await chat.input.inputValue()).toBe('Write a Python function that reverses a string');
    expect(await page.evaluate<string>("document.activeElement.dataset.testid ?? ''")).toBe('message-input');
    await chat.input.press('Enter');
    await chat.answers().first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await empty.isHidden()).toBe(true);
    expect(await chat.settled()).toBe('done');

    await page.getByTestId('new-chat').click();
    await waitFor('the empty state again', () => empty.isVisible(), STEP_TIMEOUT_MS);
    await page.context().close();
  });

  it('marks the chat still answering with a spinner beside its title, until the answer is done', async () => {
    const { page } = await openChatPage(browser, baseUrl);
    const chat = new ChatPage(page);
    await sendAndSettle(chat, 'an earlier chat');
    await page.getByTestId('new-chat').click();
    await chat.send(Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' '));
    await chat.waitForText(80);

    const indicator = page.getByTestId('answering-indicator');
    expect(await indicator.count()).toBe(1);
    expect(await indicator.isVisible()).toBe(true);
    expect(await indicator.getAttribute('aria-label')).toBe('Still answering');
    const marked = page.locator('.chat-item', { has: indicator }).getByTestId('chat-link');
    expect(await marked.getAttribute('aria-current')).toBe('page');
    expect(await chat.chatLinks().allTextContents()).toEqual([
      'word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15…',
      'an earlier chat',
    ]);

    // Shown or not: with another chat open, the spinner stays beside the chat that is answering.
    await page.getByTestId('new-chat').click();
    await waitFor('the new chat', async () => (await page.getByTestId('chat-title').textContent()) === 'New Chat', STEP_TIMEOUT_MS);
    expect(await indicator.count()).toBe(1);
    expect(await marked.getAttribute('aria-current')).toBeNull();
    expect(await marked.textContent()).toBe(
      'word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15…',
    );

    await marked.click();
    expect(await chat.settled()).toBe('done');
    await waitFor('the spinner to go', async () => (await indicator.count()) === 0, STEP_TIMEOUT_MS);
    await page.context().close();
  });

  it('switches between light, dark and the system theme, and remembers the choice', async () => {
    const { page } = await openChatPage(browser, baseUrl, { colorScheme: 'light' });
    const theme = page.getByTestId('theme-select');
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const LIGHT = 'rgb(246, 247, 249)';
    const DARK = 'rgb(22, 24, 28)';
    expect({ choice: await theme.inputValue(), background: await background() }).toEqual({ choice: 'system', background: LIGHT });

    await theme.selectOption('dark');
    expect(await background()).toBe(DARK);
    expect(await page.evaluate("localStorage.getItem('rabbit-chat.v1.theme')")).toBe('dark');
    await page.reload();
    expect({ choice: await theme.inputValue(), background: await background() }).toEqual({ choice: 'dark', background: DARK });

    await theme.selectOption('system');
    expect(await background()).toBe(LIGHT);
    expect(await page.evaluate("localStorage.getItem('rabbit-chat.v1.theme')")).toBeNull();

    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(DARK);
    await theme.selectOption('light');
    expect(await background()).toBe(LIGHT);
    await page.context().close();
  });

  it('grows the message box with its text up to 192 px, then scrolls it; sent, it is one line again', async () => {
    const { page } = await openChatPage(browser, baseUrl, { viewport: DESKTOP });
    const chat = new ChatPage(page);
    const height = async () => (await chat.input.boundingBox())!.height;
    const oneLine = await height();

    await chat.input.fill('one\ntwo\nthree\nfour\nfive');
    expect((await height()) - oneLine).toBe(4 * 24);
    await chat.input.fill(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n'));
    expect(await height()).toBe(192);
    expect(
      await page.evaluate<boolean>(
        "(() => { const input = document.getElementById('message-input'); return input.scrollHeight > input.clientHeight; })()",
      ),
    ).toBe(true);

    await chat.input.fill('three\nshort\nlines');
    expect((await height()) - oneLine).toBe(2 * 24);
    await chat.input.press('Enter');
    await chat.answers().first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await height()).toBe(oneLine);
    expect(await chat.settled()).toBe('done');
    await page.context().close();
  });
});
