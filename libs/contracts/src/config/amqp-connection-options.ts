import { AmqpConnectionManagerOptions } from 'amqp-connection-manager';

/**
 * Socket options for both apps' single broker connection. amqplib leaves Nagle's algorithm on
 * unless asked: every small frame (a word, an ack) would then wait ~40 ms for a delayed ACK.
 */
export const AMQP_CONNECTION_MANAGER_OPTIONS: AmqpConnectionManagerOptions = {
  heartbeatIntervalInSeconds: 5,
  reconnectTimeInSeconds: 1,
  connectionOptions: { noDelay: true },
};
