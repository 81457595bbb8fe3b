import { AnswerEnding, MessageHeader, ReplyQueueMode } from '@app/contracts';
import { ServerResponse } from 'node:http';
import { RelayCounts } from '../../metrics/gateway-metrics';
import { ReplyQueues } from '../../reply-queues/reply-queues';
import { SseStream, SseStreamListener } from '../sse/sse-stream';
import { StreamErrorCode } from '../sse/stream-error';
import type { AnswerRelay } from './answer-relay';

export interface StreamTarget {
  chatId: string;
  messageId: string;
  /** Words up to this seq are already on the client's screen. */
  resumeAfter: number;
  /** This gateway has just declared the reply queue: it need not be checked. */
  known?: boolean;
}

export interface RelaySettings {
  idleTimeoutMs: number;
  stalledClientMs: number;
  heartbeatMs: number;
  resumeWindowMs: number;
  completedRetentionMs: number;
  maxAnswerWords: number;
  replyQueues: ReplyQueueMode;
}

/** What every relay of a gateway shares: the broker's queues, the claims, the expiry timers. */
export interface RelayContext {
  replyQueues: Pick<ReplyQueues, 'consume' | 'assertExists' | 'publishTranscript' | 'delete'>;
  claims: { announce(relay: AnswerRelay): void; withdraw(relay: AnswerRelay): void };
  expiry: { expireAfter(messageId: string, afterMs: number, reason: 'abandoned' | 'retained'): void };
  /** Told once the relay's response has closed. */
  closed(relay: AnswerRelay): void;
  /** Told when a stream writes an answer's first word. */
  firstWordOut(messageId: string): void;
  /** The gateway is shutting down: closing its broker connection will give back everything held. */
  readonly shuttingDown: boolean;
  settings: RelaySettings;
  logger: { warn(message: string): void };
  counts: RelayCounts;
}

/** The parts of SseStream a relay drives. */
export type EventStream = Pick<SseStream, 'blocked' | 'blockedFor' | 'send' | 'heartbeat' | 'end' | 'cutOff'>;

/**
 * How one kind of client is written an answer: the page's events (AnswerFrames), OpenAI's chunks,
 * one JSON body. Each returns what to write, '' for nothing.
 */
export interface AnswerFormat {
  word(header: MessageHeader, seq: number, text: string, sep?: string): string;
  /** The end, to a client that has every word up to `written`. */
  end(header: MessageHeader, endSeq: number, written: number, ending: AnswerEnding): string;
  /** The stream ends early, for the reason `code` names. */
  error(code: StreamErrorCode, message: string): string;
}

/** Where a relay writes, and in what format. */
export interface AnswerOutput {
  stream: EventStream;
  format: AnswerFormat;
}

/** Opens a client's response for a relay: its headers, anything written before the first word. */
export type AnswerSurface = (response: ServerResponse, listener: SseStreamListener) => AnswerOutput;
