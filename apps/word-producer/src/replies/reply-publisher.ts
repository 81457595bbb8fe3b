import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChannelModel, ConsumeMessage } from 'amqplib';
import { coalesceFrameWrites } from '@app/amqp';
import { ReplyStream } from './reply-stream';
import { ReplyChannel } from './reply-channel';

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
  /** The connection the current channel was opened on, so that one connection never gets two. */
  private openedOn?: ChannelModel;
  private current!: Promise<ReplyChannel>;
  private markOpen!: (channel: ReplyChannel) => void;
  private readonly logger = new Logger(ReplyPublisher.name);

  constructor(private readonly amqp: AmqpConnection) {
    this.expectChannel();
  }

  onModuleInit(): void {
    const manager = this.amqp.managedConnection;
    coalesceFrameWrites(manager);
    // amqp-connection-manager's typings call it a Connection; it is amqplib's ChannelModel.
    manager.on('connect', ({ connection }) => void this.open(connection as unknown as ChannelModel));
    if (manager.connection) void this.open(manager.connection);
  }

  /** Opens the way for one answer's words; pass the stream to finish() once the answer is over. */
  async start(queue: string): Promise<ReplyStream> {
    const stream = new ReplyStream(queue, await this.current);
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
    try {
      const channel = await connection.createChannel();
      // Answers in progress then fail on their next word and are requeued (see ReplyWriter).
      channel.on('error', (error: Error) => this.logger.warn(`The words' channel closed: ${error.message}`));
      channel.on('return', (message: ConsumeMessage) => this.returned(message.fields.routingKey));
      channel.once('close', () => {
        // A channel of a connection that has already been replaced changes nothing.
        if (this.openedOn !== connection) return;
        this.openedOn = undefined;
        this.expectChannel();
        setTimeout(() => void this.open(connection), REOPEN_DELAY_MS).unref();
      });
      this.markOpen(new ReplyChannel(channel));
    } catch {
      // The connection is gone; the next 'connect' opens a channel on the new one.
      if (this.openedOn === connection) this.openedOn = undefined;
    }
  }

  private returned(queue: string): void {
    const stream = this.streams.get(queue);
    stream?.markGone();
  }

  private expectChannel(): void {
    this.current = new Promise((resolve) => (this.markOpen = resolve));
  }
}
