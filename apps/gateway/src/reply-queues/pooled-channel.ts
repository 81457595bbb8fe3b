import { Channel, ConsumeMessage } from 'amqplib';

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

  ack(message: ConsumeMessage): void {
    this.settle(() => this.channel.ack(message));
  }

  /** Puts the message back in its queue for the next consumer. */
  requeue(message: ConsumeMessage): void {
    this.settle(() => this.channel.nack(message, false, true));
  }

  /**
   * Acks and nacks on a channel or connection that is closing throw; the broker requeues every
   * unacked message of a closed channel by itself, so there is nothing left to do then.
   */
  private settle(send: () => void): void {
    if (!this.open) return;
    try {
      send();
    } catch (error) {
      if ((error as Error).name !== 'IllegalOperationError') throw error;
    }
  }
}
