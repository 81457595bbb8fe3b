import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, ConsumeMessage } from 'amqplib';
import { coalesceFrameWrites } from '@app/contracts';
import { PublishWindow } from './publish-window';
import { ReplyStream, roundTrip } from './reply-stream';

/** Words the broker may have yet to handle, across all answers; see PublishWindow. */
const PUBLISH_WINDOW_WORDS = 1000;

/**
 * Publishes words to reply queues it never declares, on a channel of its own without publisher
 * confirms. A confirm per word costs the broker half as much again as the word itself, and buys
 * nothing here: an answer cut short by a dropped connection is answered again from its first word
 * (the gateway drops the repeats), and the end of an answer is settled by one round trip instead.
 * Words carry the mandatory flag, so a word whose reply queue is gone (stream finished, cancelled,
 * expired) comes back, and its answer stops.
 */
@Injectable()
export class ReplyPublisher implements OnModuleInit {
  private readonly streams = new Map<string, ReplyStream>();
  private wrapper?: ChannelWrapper;
  private channel?: Channel;
  private window?: PublishWindow;
  private room?: Promise<void>;
  private readonly logger = new Logger(ReplyPublisher.name);

  constructor(private readonly amqp: AmqpConnection) {}

  onModuleInit(): void {
    coalesceFrameWrites(this.amqp.managedConnection);
    // The setup runs again with a new channel on every reconnect. The channel closes with the
    // connection at shutdown, after the answers in progress are finished.
    this.wrapper = this.amqp.managedConnection.createChannel({
      name: 'replies',
      confirm: false,
      setup: (channel: Channel) => this.use(channel),
    });
  }

  /** Opens the way for one answer's words; pass the stream to finish() once the answer is over. */
  async start(queue: string): Promise<ReplyStream> {
    await this.wrapper!.waitForConnect();
    const stream = new ReplyStream(queue, this.channel!, this.window!, () => this.waitForRoom());
    this.streams.set(queue, stream);
    return stream;
  }

  finish(stream: ReplyStream): void {
    if (this.streams.get(stream.queue) === stream) this.streams.delete(stream.queue);
  }

  private use(channel: Channel): void {
    this.channel = channel;
    this.window = new PublishWindow(PUBLISH_WINDOW_WORDS, () => roundTrip(channel));
    this.room = undefined;
    // Answers in progress then fail on their next word and are requeued (see AnswerStreamer).
    channel.on('error', (error: Error) => this.logger.warn(`The words' channel closed: ${error.message}`));
    channel.on('return', (message: ConsumeMessage) => {
      const stream = this.streams.get(message.fields.routingKey);
      if (stream) stream.gone = true;
    });
  }

  /** One wait shared by every answer: the channel's buffer drained, or the channel closed. */
  private waitForRoom(): Promise<void> {
    const channel = this.channel!;
    this.room ??= new Promise<void>((resolve) => {
      const done = (): void => {
        channel.off('drain', done).off('close', done);
        if (this.channel === channel) this.room = undefined;
        resolve();
      };
      channel.on('drain', done).on('close', done);
    });
    return this.room;
  }
}
