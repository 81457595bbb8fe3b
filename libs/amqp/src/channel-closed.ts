/**
 * Whether `error` is amqplib's refusal of an operation on a channel that has closed. Whatever the
 * channel held unacked, the broker has put back by itself. amqplib exports the error's class, but its
 * typings do not, so it is told by name.
 */
export function isChannelClosed(error: unknown): boolean {
  return error instanceof Error && error.name === 'IllegalOperationError';
}
