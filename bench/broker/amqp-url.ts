import { LOCAL_BROKER_URL } from '../../test/support/broker-url';

/** The broker every bench process uses (AMQP_URL); 127.0.0.1 rather than localhost, so nothing resolves elsewhere. */
export const AMQP_URL = process.env.AMQP_URL || LOCAL_BROKER_URL;

/** amqplib leaves Nagle's algorithm on unless asked; small frames would wait for delayed ACKs. */
export const SOCKET_OPTIONS = { noDelay: true };
