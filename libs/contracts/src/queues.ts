import { Options } from 'amqplib';

/** Where the gateway puts chat requests and the word-producer takes them. */
export const DEFAULT_REQUESTS_QUEUE = 'requests_queue';

/**
 * An AMQP header on a request that tells one client from another (an opaque key, the same for every
 * request of a client), so that a worker can share itself fairly. Requests without it, as the original
 * gateway sends them, are each a client of their own.
 */
export const CLIENT_HEADER = 'x-client';

/** How long a request waits for a worker, as the original declares it. */
const REQUEST_TTL_MS = 300_000;

/** Declared exactly as the original Python services declare it; a redeclare with other arguments fails. */
export const REQUESTS_QUEUE_OPTIONS: Options.AssertQueue = {
  durable: true,
  arguments: { 'x-message-ttl': REQUEST_TTL_MS },
};

export type RequestsQueueType = 'classic' | 'quorum';

/**
 * The requests queue's declaration. classic: exactly the original's. quorum (REQUESTS_QUEUE_TYPE): the
 * same TTL, replicated over a cluster's nodes, so that accepted requests survive the loss of a node.
 * Every app of a deployment must use the same type: a redeclare with another one fails.
 */
export function requestsQueueOptions(type: RequestsQueueType): Options.AssertQueue {
  if (type === 'classic') return REQUESTS_QUEUE_OPTIONS;
  return { durable: true, arguments: { 'x-message-ttl': REQUEST_TTL_MS, 'x-queue-type': 'quorum' } };
}

/**
 * Each message's answer goes to a reply queue of its own. The original services call it the response
 * queue, and its name on the wire stays theirs.
 */
export const REPLY_QUEUE_PREFIX = 'response_queue_';

/** An unused reply queue disappears after this long, so abandoned streams cannot pile up. */
export const REPLY_QUEUE_EXPIRES_MS = 600_000;

/**
 * Declared by the gateway only; this project's workers never declare reply queues.
 * Not auto-delete: a reconnecting browser must find its words still there.
 * Single active consumer: while one relay holds the answer, a relay that takes it over waits as a
 * standby and never gets a share of its words.
 */
export const REPLY_QUEUE_OPTIONS: Options.AssertQueue = {
  durable: true,
  autoDelete: false,
  arguments: { 'x-expires': REPLY_QUEUE_EXPIRES_MS, 'x-single-active-consumer': true },
};

/**
 * resumable: REPLY_QUEUE_OPTIONS. original: exactly as the original services declare them, whose
 * worker declares each reply queue again before it answers: a declare with other options fails
 * (406 PRECONDITION_FAILED) and closes its channel.
 */
export type ReplyQueueMode = 'resumable' | 'original';

export const ORIGINAL_REPLY_QUEUE_OPTIONS: Options.AssertQueue = {
  durable: true,
  autoDelete: true,
  arguments: { 'x-expires': REPLY_QUEUE_EXPIRES_MS },
};

export function replyQueueOptions(mode: ReplyQueueMode): Options.AssertQueue {
  return mode === 'original' ? ORIGINAL_REPLY_QUEUE_OPTIONS : REPLY_QUEUE_OPTIONS;
}

export function replyQueueName(messageId: string): string {
  return `${REPLY_QUEUE_PREFIX}${messageId}`;
}

/**
 * Gateways announce here each relay that takes an answer over (a fanout to every gateway), so that the
 * relay holding it, wherever it runs, lets it go. See RelayClaimMessage.
 */
export const RELAY_CLAIMS_EXCHANGE = 'relay.claims';

/**
 * Requests that expire unanswered (or are rejected) are dead-lettered to this direct exchange by one
 * RabbitMQ policy on the requests queues (see docs/operations.md, "Reliability"), so that a queue's own declaration stays as the
 * original declares it. A dead-lettered request keeps the routing key it was published with, its
 * requests queue's name: each deployment binds a dead-letter queue of its own with its REQUESTS_QUEUE,
 * and on a shared broker never sees another deployment's dead requests.
 */
export const DEAD_REQUESTS_EXCHANGE = 'dead-requests';

/**
 * The dead-letter queue of one requests queue, which that deployment's gateways consume. Its name does
 * not start with `requests_queue`, so the policy never applies to it. Of the same type as the
 * requests queue: on a cluster, a classic one would live on one node, and every gateway's consumer of
 * it would fail (404, home node down) for as long as that node is away. The quorum one has a name of
 * its own, as a queue cannot change its type. Left without a gateway for as long as a reply queue
 * lives, it goes: no stream it could end is left by then, and a deployment (or a test run) that is
 * gone for good leaves nothing behind.
 */
export function deadRequestsQueue(requestsQueue: string, type: RequestsQueueType): { name: string; options: Options.AssertQueue } {
  const name = `${DEAD_REQUESTS_EXCHANGE}.${requestsQueue}`;
  const expires = { 'x-expires': REPLY_QUEUE_EXPIRES_MS };
  if (type === 'classic') return { name, options: { durable: true, arguments: expires } };
  return { name: `${name}.quorum`, options: { durable: true, arguments: { ...expires, 'x-queue-type': 'quorum' } } };
}
