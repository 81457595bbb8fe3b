import { Options } from 'amqplib';

/** Where the gateway puts chat requests and the word-producer takes them. */
export const DEFAULT_REQUESTS_QUEUE = 'requests_queue';

/** Declared exactly as the original Python services declare it; a redeclare with other arguments fails. */
export const REQUESTS_QUEUE_OPTIONS: Options.AssertQueue = {
  durable: true,
  arguments: { 'x-message-ttl': 300_000 },
};

export const RESPONSE_QUEUE_PREFIX = 'response_queue_';

/** An unused reply queue disappears after this long, so abandoned streams cannot pile up. */
export const RESPONSE_QUEUE_EXPIRES_MS = 600_000;

/**
 * Declared by the gateway only; workers never declare reply queues.
 * Not auto-delete: a reconnecting browser must find its words still there.
 */
export const RESPONSE_QUEUE_OPTIONS: Options.AssertQueue = {
  durable: true,
  autoDelete: false,
  arguments: { 'x-expires': RESPONSE_QUEUE_EXPIRES_MS },
};

export function responseQueueName(messageId: string): string {
  return `${RESPONSE_QUEUE_PREFIX}${messageId}`;
}
