import { Options } from 'amqplib';

/**
 * Where the gateways of a deployment that have no MESSAGE_ID_SECRET agree on one: a stream per
 * requests queue, so that deployments sharing a broker keep their secrets apart. A stream's messages
 * are never consumed away, so its first one is the same for every reader; that one is the secret.
 * The name does not start with the requests queue's, so no policy meant for it applies here.
 */
export function messageIdSecretStream(requestsQueue: string): string {
  return `gateway.message-id-secret.${requestsQueue}`;
}

/** No retention limit: a stream that dropped its first segment would change the secret. */
export const MESSAGE_ID_SECRET_STREAM_OPTIONS: Options.AssertQueue = { durable: true, arguments: { 'x-queue-type': 'stream' } };
