import { Browser } from 'playwright-core';
import { DEAD_REQUESTS_EXCHANGE } from '@app/contracts';
import { AppProcess, freePort } from '../../../test/support/app-process';
import { brokerUrl } from '../../../test/support/broker-url';
import { ChatPage, describeIfChromium, launchChromium, openChatPage, STEP_TIMEOUT_MS } from '../../../test/support/browser';
import { answerText } from '../../../test/support/expected-answer';
import { applyPolicyToQueue, describeIfRabbitmqctl } from '../../../test/support/rabbitmqctl';
import { startStack, TestStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const describeWithChromium = describeIfChromium('the chat page fault tests');
/** Long enough for the page's "Waiting for a worker…" note (3 s) to show first. */
const NO_WORKER_AFTER_MS = 4500;

describeWithChromium('chat page when things go wrong', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describeIfRabbitmqctl('the no-worker page test')('with no worker', () => {
    let stack: TestStack;
    let removePolicy: () => Promise<void>;

    beforeAll(async () => {
      stack = await startStack({ worker: false, WORD_DELAY_MS: 20 });
      // The documented dead-letter policy, with the request TTL shortened from 5 minutes.
      removePolicy = await applyPolicyToQueue(stack.requestsQueue, {
        'dead-letter-exchange': DEAD_REQUESTS_EXCHANGE,
        'message-ttl': NO_WORKER_AFTER_MS,
      });
    });

    afterAll(async () => {
      await removePolicy?.();
      await stack?.close();
    });

    it('says it waits for a worker, then that none is available, and Retry sends the same text again', async () => {
      const { page, pageErrors } = await openChatPage(browser, stack.baseUrl);
      const chat = new ChatPage(page);
      const note = chat.lastAnswer().locator('.answer-note');
      await chat.send('is anybody\nthere?');

      await waitFor('the waiting note', async () => (await note.textContent()) === 'Waiting for a worker…', STEP_TIMEOUT_MS);
      expect(await chat.lastAnswer().getAttribute('data-state')).toBe('streaming');
      expect(await chat.settled(NO_WORKER_AFTER_MS + STEP_TIMEOUT_MS)).toBe('failed');
      expect(await note.textContent()).toBe('No worker available: nobody took the request in time');
      expect(await page.getByTestId('send-button').isDisabled()).toBe(true); // no text typed

      // The workers are back.
      await stack.startWorker();
      await page.getByTestId('retry-answer').click();

      expect(await chat.settled()).toBe('done');
      expect(await chat.answerText()).toBe(answerText('is anybody\nthere?'));
      expect(await page.getByTestId('user-message').count()).toBe(1);
      expect(await page.getByTestId('retry-answer').isHidden()).toBe(true);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  });

  describe('with a gateway that restarts', () => {
    let stack: TestStack;
    let gateway: AppProcess | undefined;

    beforeAll(async () => {
      stack = await startStack({ WORD_DELAY_MS: 20 });
    });

    afterAll(async () => {
      await gateway?.stop();
      await stack?.close();
    });

    /** A gateway process on `port`, taking its requests from the stack's queue (whose worker answers them). */
    async function startGateway(port: number): Promise<AppProcess> {
      const metricsPort = await freePort();
      const started = AppProcess.start('gateway', {
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        AMQP_URL: brokerUrl(),
        REQUESTS_QUEUE: stack.requestsQueue,
      });
      await started.waitForHttpOk(`http://127.0.0.1:${metricsPort}/health/ready`);
      return started;
    }

    it('sends again as soon as the gateway is back, and never shows a message it could not send as sent', async () => {
      const port = await freePort();
      gateway = await startGateway(port);
      const baseUrl = `http://127.0.0.1:${port}`;
      const { page, pageErrors } = await openChatPage(browser, baseUrl);
      const chat = new ChatPage(page);
      await chat.send('before');
      expect(await chat.settled()).toBe('done');

      await gateway.stop();
      await chat.send('while it is down');
      const status = page.getByTestId('status');
      await waitFor('the refusal', async () => /^Not sent: /.test((await status.textContent()) ?? ''), STEP_TIMEOUT_MS);
      expect(await page.getByTestId('user-message').allTextContents()).toEqual(['before']);
      expect(await chat.input.inputValue()).toBe('while it is down');
      expect(await page.getByTestId('send-button').isEnabled()).toBe(true);

      gateway = await startGateway(port);
      await page.getByTestId('send-button').click();

      await waitFor('the second answer', async () => (await chat.answers().count()) === 2, STEP_TIMEOUT_MS);
      expect(await chat.settled()).toBe('done');
      expect(await chat.answerText()).toBe(answerText('while it is down'));
      expect(await page.getByTestId('user-message').allTextContents()).toEqual(['before', 'while it is down']);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  });
});
