import { Channel } from 'amqplib';
import { MESSAGE_ID_SECRET_STREAM_OPTIONS } from '@app/contracts';

/** As MESSAGE_ID_SECRET requires; every gateway skips a shorter message alike, so they still agree. */
const MIN_SECRET_LENGTH = 16;

export class SecretNotReadError extends Error {
  constructor(
    readonly stream: string,
    reason: string,
  ) {
    super(`No message id secret read from stream ${stream}: ${reason}`);
    this.name = 'SecretNotReadError';
  }
}

/**
 * Offers `candidate` as the deployment's secret, then returns the one every gateway takes: the first
 * message of the stream that is long enough. Whoever's offer landed first won; later offers change
 * nothing. The offer is made every time because a stream's declare reports no message count, and it
 * is read by a consume from the first offset because basic.get on a stream closes the whole
 * connection (540 NOT_IMPLEMENTED). A classic queue with x-max-length 1 cannot do this: while one
 * gateway holds the message between basic.get and its requeue, another's get finds it empty and its
 * publish is accepted, as unacked messages do not count towards the limit.
 */
export async function firstSecretInStream(channel: Channel, stream: string, candidate: string, timeoutMs: number): Promise<string> {
  await channel.assertQueue(stream, MESSAGE_ID_SECRET_STREAM_OPTIONS);
  channel.publish('', stream, Buffer.from(candidate), { persistent: true });
  await channel.prefetch(1);
  return new Promise<string>((resolve, reject) => {
    const fail = (reason: string) => reject(new SecretNotReadError(stream, reason));
    const timer = setTimeout(() => fail(`nothing arrived within ${timeoutMs} ms`), timeoutMs);
    const settled = () => clearTimeout(timer);
    channel.once('close', () => {
      settled();
      fail('the channel closed');
    });
    channel
      .consume(
        stream,
        (message) => {
          if (!message) return (settled(), fail('the broker cancelled the consumer'));
          const text = message.content.toString('utf8');
          if (text.length >= MIN_SECRET_LENGTH) return (settled(), resolve(text));
          channel.ack(message);
        },
        { noAck: false, arguments: { 'x-stream-offset': 'first' } },
      )
      .catch((error: Error) => (settled(), fail(error.message)));
  });
}
