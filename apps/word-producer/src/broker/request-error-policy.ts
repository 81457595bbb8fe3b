import { Logger } from '@nestjs/common';
import { Channel, ConsumeMessage } from 'amqplib';
import { isChannelClosed } from '@app/amqp';

const logger = new Logger('RequestErrorPolicy');

export type RequestErrorAction = 'none' | 'requeue' | 'reject';

/**
 * What to do with a request whose handling failed. On a closed channel there is nothing to do: the
 * broker has already put the request back for another delivery. Otherwise it is tried once more, and
 * rejected (dead-lettered where a policy says so) if it fails again, so one bad request cannot loop.
 */
export function requestErrorAction(channelClosed: boolean, redelivered: boolean): RequestErrorAction {
  if (channelClosed) return 'none';
  return redelivered ? 'reject' : 'requeue';
}

/** The golevelup error handler applying requestErrorAction. */
export function handleRequestError(channel: Channel, message: ConsumeMessage, error: unknown): void {
  const action = requestErrorAction(isChannelClosed(error), message.fields.redelivered);
  if (action === 'none') return;
  logger.error(
    `Request ${message.properties.messageId ?? '(no id)'} failed, ${action === 'requeue' ? 'requeued' : 'rejected'}: ${(error as Error).message}`,
  );
  try {
    channel.nack(message, false, action === 'requeue');
  } catch {
    // The channel closed meanwhile; the broker requeues the request by itself.
  }
}
