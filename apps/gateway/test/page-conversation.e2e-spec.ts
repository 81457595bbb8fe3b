import { Browser } from 'playwright-core';
import { ChatPage, describeIfChromium, launchChromium, openChatPage } from '../../../test/support/browser';
import { useFakeUpstream } from '../../../test/support/fake-upstream';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

/** A model's answer in pieces cut anywhere, as a model server streams them: Markdown over several lines. */
const MARKDOWN_DELTAS = [
  '## Queues',
  '\n\nA queue keeps **messages** in order:\n\n',
  '- first in\n- first out\n\n',
  '```python\nqueue.put(1)\n',
  '  print(queue.get())\n```\n\nThat is all.',
];
const MARKDOWN = MARKDOWN_DELTAS.join('');

/** The answers the page keeps for the chat (localStorage), in order. */
const STORED_ANSWERS = `(() => {
  const chats = JSON.parse(localStorage.getItem('rabbit-chat.v1.chats') || '[]');
  const chat = chats[0] && JSON.parse(localStorage.getItem('rabbit-chat.v1.chat.' + chats[0].id));
  return chat ? chat.messages.filter((message) => message.role === 'answer').map((message) => message.text) : [];
})()`;

describeIfChromium('the chat page tests')('the chat page holds a conversation with a model (GENERATOR=openai)', () => {
  const fake = useFakeUpstream();
  const fixture = useStack(() => ({ GENERATOR: 'openai', UPSTREAM_BASE_URL: fake.upstream.baseUrl, UPSTREAM_MODEL: 'page-model' }));
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('shows a multi-line Markdown answer exactly, and sends the first turn with the second message', async () => {
    fake.upstream.reply = (request) =>
      request.body.messages.length === 1 ? { deltas: MARKDOWN_DELTAS, intervalMs: 10 } : { deltas: ['Yes', ', twice.'], intervalMs: 10 };
    const { page } = await openChatPage(browser, fixture.stack.baseUrl);
    const chat = new ChatPage(page);

    await chat.send('What does a queue keep?');
    expect(await chat.settled()).toBe('done');
    const answer = chat.lastAnswer().locator('.answer-text');
    expect(await answer.locator('h2').innerText()).toBe('Queues');
    expect(await answer.locator('strong').innerText()).toBe('messages');
    expect(await answer.locator('li').allInnerTexts()).toEqual(['first in', 'first out']);
    expect(await answer.locator('pre code').textContent()).toBe('queue.put(1)\n  print(queue.get())\n');
    await waitFor('the answer to be kept', async () => (await page.evaluate<string[]>(STORED_ANSWERS)).length === 1, 5000);
    expect(await page.evaluate(STORED_ANSWERS)).toEqual([MARKDOWN]);

    await chat.send('Are you sure?');
    // The second answer is drawn once the server has the message; until then the last answer is the first.
    await waitFor('the second answer', async () => (await chat.answers().count()) === 2, 5000);
    expect(await chat.settled()).toBe('done');
    expect(await chat.answerText()).toBe('Yes, twice.');
    expect(fake.upstream.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: 'What does a queue keep?' },
      { role: 'assistant', content: MARKDOWN },
      { role: 'user', content: 'Are you sure?' },
    ]);
    await page.context().close();
  });
});
