import { AmqpConnectionManagerOptions } from 'amqp-connection-manager';
import { hostname } from 'node:os';

/**
 * Options for an app's single broker connection. amqplib leaves Nagle's algorithm on unless asked:
 * every small frame (a word, an ack) would then wait ~40 ms for a delayed ACK. The connection name
 * shows in the management UI and in `rabbitmqctl list_connections`, which the fault tests use.
 */
export function amqpConnectionOptions(appName: string): AmqpConnectionManagerOptions {
  return {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: 1,
    connectionOptions: {
      noDelay: true,
      clientProperties: { connection_name: `${appName}@${hostname()}:${process.pid}` },
    },
  };
}
