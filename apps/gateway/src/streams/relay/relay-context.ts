import { ReplyQueueMode } from '@app/contracts';
import { RelayCounts } from '../../metrics/gateway-metrics';
import { ReplyQueues } from '../../reply-queues/reply-queues';
import { SseStream } from '../sse/sse-stream';
import type { AnswerRelay } from './answer-relay';

export interface StreamTarget {
  chatId: string;
  messageId: string;
  /** Words up to this seq are already on the client's screen. */
  resumeAfter: number;
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
  /** The gateway is shutting down: closing its broker connection will give back everything held. */
  readonly shuttingDown: boolean;
  settings: RelaySettings;
  logger: { warn(message: string): void };
  counts: RelayCounts;
}

/** The parts of SseStream a relay drives. */
export type EventStream = Pick<SseStream, 'blocked' | 'blockedFor' | 'send' | 'heartbeat' | 'end' | 'cutOff'>;
