import { startChat, acceptedBody, BENCH_TITLE, type AnswerContext } from './answer-run';
import { ErrorLog, type ErrorSummary } from './error-log';
import { readEventStream } from '../../test/support/sse-client';
import { createAgent, postJson } from './http-json';
import type { JobControl } from './job-control';
import { sharedAbort } from './shared-abort';

const PHASE_TIMEOUT_MS = 300_000;

export interface IdleStreamsParams {
  baseUrl: string;
  streams: number;
  postConcurrency: number;
  openConcurrency: number;
}

export interface IdleStreamsResult {
  posted: number;
  opened: number;
  errors: ErrorSummary;
}

export interface IdleStreamsReports {
  /** Every message is posted; no stream is open yet. */
  posted: { messageIds: string[] };
  /** Every stream has answered its headers; `opened` of them are open. */
  opened: { opened: number };
}

/** The streams being held, and whether the job itself hung them up. */
interface OpenStreams {
  count: number;
  readonly ended: Promise<void>[];
  hungUp: boolean;
}

/**
 * Holds `streams` event streams open and idle, in three steps the parent drives: POST the messages
 * (report `posted`), on `open` open every stream (report `opened`), on `close` hang them all up.
 * No worker answers, so any event on a stream is an error, and so is a stream the server ends.
 */
async function runIdleStreams(
  { baseUrl, streams, postConcurrency, openConcurrency }: IdleStreamsParams,
  control: JobControl<IdleStreamsReports>,
): Promise<IdleStreamsResult> {
  const hangUp = sharedAbort();
  const context: AnswerContext = { baseUrl, agent: createAgent(), signal: hangUp.signal };
  const errors = new ErrorLog();
  const open: OpenStreams = { count: 0, ended: [], hungUp: false };
  try {
    const chatId = await startChat(context);
    const messageIds = await postMessages(context, chatId, streams, postConcurrency, errors);
    control.report('posted', { messageIds });
    await control.waitFor('open', PHASE_TIMEOUT_MS);
    await openStreams(context, chatId, messageIds, openConcurrency, open, errors);
    control.report('opened', { opened: open.count });
    await control.waitFor('close', PHASE_TIMEOUT_MS);
    return { posted: messageIds.length, opened: open.count, errors };
  } finally {
    open.hungUp = true;
    hangUp.abort();
    await Promise.all(open.ended);
    context.agent.destroy();
  }
}

async function postMessages(
  context: AnswerContext,
  chatId: string,
  count: number,
  concurrency: number,
  errors: ErrorLog,
): Promise<string[]> {
  const messageIds: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next++ < count) {
      const accepted = await postJson(context.agent, `${context.baseUrl}/start/${chatId}`, { text: 'idle', chat_title: BENCH_TITLE });
      if (accepted.status === 200) messageIds.push(acceptedBody(accepted.body).message_id);
      else errors.add(`POST /start/{chat} answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return messageIds;
}

/** Opens every stream, at most `concurrency` waiting for their headers at once; resolves when all have answered. */
async function openStreams(
  context: AnswerContext,
  chatId: string,
  messageIds: string[],
  concurrency: number,
  open: OpenStreams,
  errors: ErrorLog,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < messageIds.length) {
      const messageId = messageIds[next++];
      await new Promise<void>((opened) => {
        const ended = readEventStream(`${context.baseUrl}/stream/${chatId}/${messageId}`, {
          agent: context.agent,
          signal: context.signal,
          onOpen: () => {
            open.count += 1;
            opened();
          },
          onEvent: (event) => errors.add(`message ${messageId}: an idle stream got ${event.event}: ${event.data.slice(0, 200)}`),
        }).then((result) => {
          if (!open.hungUp)
            errors.add(`message ${messageId}: the stream ended while idle (${result.status}: ${String(result.body ?? '').slice(0, 200)})`);
          opened();
        });
        open.ended.push(ended);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

export { runIdleStreams };
