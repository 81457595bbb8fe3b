import { Channel, Message } from 'amqplib';
import { isChannelClosed } from '@app/amqp';

/** Told when the channel it holds deliveries on is gone: the broker has put them back in their queues. */
export interface ChannelLossListener {
  channelLost(reason: string): void;
}

/**
 * A channel shared by many reply consumers. Deliveries are settled here by delivery tag rather than
 * by consumer, because a relay holds words unacked beyond the life of one consumer (it pauses by
 * cancelling). Relays that hold deliveries on it are told when it closes.
 */
export class PooledChannel {
  readonly listeners = new Set<ChannelLossListener>();
  /** Consumers attached on it now, for the health figures. */
  consumers = 0;
  private open = true;

  constructor(readonly channel: Channel) {
    channel.once('close', () => {
      this.open = false;
      this.consumers = 0;
      for (const listener of this.listeners) listener.channelLost('the broker channel closed');
      this.listeners.clear();
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  ack(deliveryTag: number): void {
    this.settle(() => this.channel.ack(delivery(deliveryTag)));
  }

  /** Puts the message back in its queue, in its place by publication order, for the next consumer. */
  requeue(deliveryTag: number): void {
    this.settle(() => this.channel.nack(delivery(deliveryTag), false, true));
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
      if (!isChannelClosed(error)) throw error;
    }
  }
}

/** amqplib settles a message by the delivery tag in its fields; nothing else of it is read. */
function delivery(deliveryTag: number): Message {
  return { fields: { deliveryTag } } as Message;
}
