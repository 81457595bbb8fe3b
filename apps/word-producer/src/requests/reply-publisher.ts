import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { coalesceFrameWrites } from '@app/contracts';
import { PublishWindow } from './publish-window';
import { ReplyStream, roundTrip } from './reply-stream';

/** Words the broker may have yet to handle, across all answers; see PublishWindow. */
const PUBLISH_WINDOW_WORDS = 1000;
const REOPEN_DELAY_MS = 1000;

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
  private channel?: Channel;
  /** The connection the current channel was opened on, so that one connection never gets two. */
  private openedOn?: ChannelModel;
  private room?: Promise<void>;
  private ready!: Promise<{ channel: Channel; window: PublishWindow }>;
  private markReady!: (current: { channel: Channel; window: PublishWindow }) => void;
  private readonly logger = new Logger(ReplyPublisher.name);

  constructor(private readonly amqp: AmqpConnection) {
    this.expectChannel();
  }

  onModuleInit(): void {
    const manager = this.amqp.managedConnection;
    coalesceFrameWrites(manager);
    // amqp-connection-manager's typings call it a Connection; it is amqplib's ChannelModel.
    manager.on('connect', ({ connection }) => void this.open(connection as unknown as ChannelModel));
    if (manager.connection) void this.open(manager.connection as unknown as ChannelModel);
  }

  /** Opens the way for one answer's words; pass the stream to finish() once the answer is over. */
  async start(queue: string): Promise<ReplyStream> {
    const { channel, window } = await this.ready;
    const stream = new ReplyStream(queue, channel, window, () => this.waitForRoom());
    this.streams.set(queue, stream);
    return stream;
  }

  finish(stream: ReplyStream): void {
    if (this.streams.get(stream.queue) === stream) this.streams.delete(stream.queue);
  }

  /**
   * A channel for words on this connection. One that closes while the connection lives on is
   * replaced after a pause; with the connection gone, the next 'connect' opens one. At shutdown it
   * closes with the connection, after the answers in progress are finished.
   */
  private async open(connection: ChannelModel): Promise<void> {
    if (this.openedOn === connection) return;
    this.openedOn = connection;
    let channel: Channel;
    try {
      channel = await connection.createChannel();
    } catch {
      this.openedOn = undefined;
      return;
    }
    this.use(channel);
    channel.once('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.openedOn = undefined;
      this.expectChannel();
      setTimeout(() => void this.open(connection), REOPEN_DELAY_MS).unref();
    });
  }

  private use(channel: Channel): void {
    this.channel = channel;
    this.room = undefined;
    // Answers in progress then fail on their next word and are requeued (see AnswerStreamer).
    channel.on('error', (error: Error) => this.logger.warn(`The words' channel closed: ${error.message}`));
    channel.on('return', (message: ConsumeMessage) => {
      const stream = this.streams.get(message.fields.routingKey);
      if (stream) stream.gone = true;
    });
    this.markReady({ channel, window: new PublishWindow(PUBLISH_WINDOW_WORDS, () => roundTrip(channel)) });
  }

  private expectChannel(): void {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
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
