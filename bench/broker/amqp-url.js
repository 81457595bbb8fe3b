'use strict';

/** The broker every bench process uses; 127.0.0.1 rather than localhost so nothing resolves elsewhere. */
const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

/** amqplib leaves Nagle's algorithm on unless asked; small frames would wait for delayed ACKs. */
const SOCKET_OPTIONS = { noDelay: true };

const RESPONSE_QUEUE_PREFIX = 'response_queue_';

// Mirrors RESPONSE_QUEUE_OPTIONS in libs/contracts/src/queues.ts, for the bare-client ceiling.
const RESPONSE_QUEUE_OPTIONS = { durable: true, autoDelete: false, arguments: { 'x-expires': 600_000, 'x-single-active-consumer': true } };

const responseQueueName = (messageId) => `${RESPONSE_QUEUE_PREFIX}${messageId}`;

module.exports = { AMQP_URL, SOCKET_OPTIONS, RESPONSE_QUEUE_OPTIONS, responseQueueName };
