import * as http from 'node:http';
import { SseFrameSplitter } from '../../test/support/sse-client';
import { ErrorLog, type ErrorSummary } from './error-log';
import { watchEventLoop, type EventLoopLag } from './event-loop-lag';
import { textForAnswerOf, expectedAnswerText } from './expected-answer';
import { createAgent } from './http-json';
import type { JobControl, NoReports } from './job-control';
import { sleep } from './sleep';

export interface OpenAiProbesParams {
  baseUrl: string;
  count: number;
  maxMs: number;
  pauseMs: number;
  answerWords: number;
}

export interface OpenAiProbesResult {
  /** From sending the POST to its first content chunk, of the completions that came whole. */
  ttftMs: number[];
  errors: ErrorSummary;
  eventLoop: EventLoopLag;
}

interface Completion {
  ttftMs?: number;
  text: string;
  done: boolean;
  error?: string;
}

/**
 * Time to first token of POST /v1/chat/completions with `stream: true`, one completion at a time: the
 * POST streams, so a first token needs one round trip where the page needs a POST and a GET.
 */
async function runOpenAiProbes(
  { baseUrl, count, maxMs, pauseMs, answerWords }: OpenAiProbesParams,
  control: JobControl<NoReports>,
): Promise<OpenAiProbesResult> {
  const agent = createAgent();
  const text = textForAnswerOf(answerWords);
  const expected = expectedAnswerText(text);
  const errors = new ErrorLog();
  const ttftMs: number[] = [];
  const lag = watchEventLoop();
  let stopped = false;
  control.on('stop', () => (stopped = true));
  const deadline = performance.now() + maxMs;
  for (let probe = 0; probe < count && !stopped && performance.now() < deadline; probe++) {
    const completion = await complete(agent, baseUrl, text);
    const problem = completion.error ?? (!completion.done ? 'no [DONE]' : completion.text !== expected ? 'the text differs' : undefined);
    if (problem === undefined && completion.ttftMs !== undefined) ttftMs.push(completion.ttftMs);
    else errors.add(`completion: ${problem ?? 'no content'}`);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  agent.destroy();
  return { ttftMs, errors, eventLoop: lag.stop() };
}

/** One streamed completion, its chunks' content joined; never rejects. */
function complete(agent: http.Agent, baseUrl: string, text: string): Promise<Completion> {
  const body = JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: text }], stream: true });
  const sentAt = performance.now();
  const completion: Completion = { text: '', done: false };
  return new Promise((resolve) => {
    const request = http.request(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    request.on('response', (response) => {
      if (response.statusCode !== 200) completion.error = `status ${response.statusCode}`;
      const frames = new SseFrameSplitter((event) => read(event.data, completion, sentAt));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => frames.push(chunk));
      response.on('end', () => resolve(completion));
      response.on('error', (error) => resolve({ ...completion, error: error.message }));
    });
    request.on('error', (error) => resolve({ ...completion, error: error.message }));
    request.end(body);
  });
}

function read(data: string, completion: Completion, sentAt: number): void {
  if (data === '[DONE]') return void (completion.done = true);
  const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; error?: { message: string } };
  if (chunk.error) return void (completion.error = chunk.error.message);
  const content = chunk.choices?.[0]?.delta?.content;
  if (!content) return;
  completion.ttftMs ??= performance.now() - sentAt;
  completion.text += content;
}

export { runOpenAiProbes };
