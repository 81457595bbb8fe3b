import { Channel } from 'amqplib';

/** Told when the channel it consumes on is gone, taking the consumer with it. */
export interface ChannelLossListener {
  channelLost(reason: string): void;
}

/** A channel shared by many reply consumers, with the consumers to tell if it closes. */
export class PooledChannel {
  readonly listeners = new Set<ChannelLossListener>();
  private open = true;

  constructor(readonly channel: Channel) {
    channel.once('close', () => {
      this.open = false;
      for (const listener of this.listeners) listener.channelLost('the broker channel closed');
      this.listeners.clear();
    });
  }

  get isOpen(): boolean {
    return this.open;
  }
}
