import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { WordMessage } from '@app/contracts';

/**
 * Publishes words to reply queues it never declares. Words go out with the mandatory flag: a reply
 * queue that is gone (stream finished, cancelled or expired) makes the broker return the word, and
 * the broker sends that return before it confirms the publish.
 */
@Injectable()
export class ReplyPublisher implements OnModuleInit {
  private readonly returnedQueues = new Set<string>();

  constructor(private readonly amqp: AmqpConnection) {}

  onModuleInit(): void {
    // A setup runs again on every reconnect, so each new channel gets the listener.
    void this.amqp.managedChannel.addSetup((channel: ConfirmChannel) => {
      channel.on('return', (message: ConsumeMessage) => this.returnedQueues.add(message.fields.routingKey));
    });
  }

  /** Resolves once the broker has confirmed the word: true if it was routed, false if nobody is listening. */
  async publish(queue: string, word: WordMessage): Promise<boolean> {
    try {
      await this.amqp.publish('', queue, word, {
        mandatory: true,
        contentType: 'application/json',
        messageId: word.message_id,
      });
      return !this.returnedQueues.has(queue);
    } finally {
      this.returnedQueues.delete(queue);
    }
  }
}
