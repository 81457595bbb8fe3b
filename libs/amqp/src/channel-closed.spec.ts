import * as amqplib from 'amqplib';
import { isChannelClosed } from './channel-closed';

/** What amqplib throws for an operation on a closed channel; its typings leave the class out. */
const { IllegalOperationError } = amqplib as unknown as { IllegalOperationError: new (message: string, stack: string) => Error };

describe('isChannelClosed', () => {
  it("tells amqplib's refusal of an operation on a closed channel", () => {
    expect(isChannelClosed(new IllegalOperationError('Channel closed', ''))).toBe(true);
  });

  it('tells no other error for one', () => {
    expect(isChannelClosed(new Error('Channel closed'))).toBe(false);
    expect(isChannelClosed({ name: 'IllegalOperationError', message: 'Channel closed' })).toBe(false);
    expect(isChannelClosed(undefined)).toBe(false);
  });
});
