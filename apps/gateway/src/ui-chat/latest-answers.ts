import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, GetMessage } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import { amqpConfig, AmqpConfig } from '@app/amqp';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

/** A chat's pointer outlives its latest answer's reply queue (x-expires 10 min), and goes when unused as long. */
const POINTER_EXPIRES_MS = 15 * 60_000;

/**
 * How long a read that finds the pointer out (another gateway is reading it that instant) goes on
 * trying before it says there is none: resumes arriving together must all find it. Each try waits a
 * random 5 to 25 ms, so that readers that collided do not collide again.
 */
const READ_FOR_MS = 1000;
const READ_RETRY_MS = { min: 5, spread: 20 };

/** The pointer's queue: one per AI SDK chat and deployment (named by its requests queue), so that deployments sharing a broker keep apart. */
export function latestAnswerQueue(requestsQueue: string, chatId: string): string {
  return `ui_chat.latest_answer.${requestsQueue}.${chatId}`;
}

/**
 * Which answer is each AI SDK chat's latest, where every gateway can read it: on the broker, a small
 * durable queue per chat that keeps one message (`x-max-length` 1, dropping the older), the latest
 * answer's message id. Reading takes the message and puts it straight back (get, then nack with
 * requeue), so it stays for the next reader.
 */
@Injectable()
export class LatestAnswers {
  private readonly channel: ChannelWrapper;
  private readonly logger = new Logger(LatestAnswers.name);
  /** Reads under way on this gateway, by chat: readers of one chat here share one, and never take the pointer from each other. */
  private readonly reading = new Map<string, Promise<string | undefined>>();
  private readonly requestsQueue: string;

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(amqpConfig.KEY) amqp: AmqpConfig,
  ) {
    this.requestsQueue = amqp.requestsQueue;
    this.channel = broker.manager.createChannel({ confirm: true });
    this.channel.on('error', (error: Error) => this.logger.warn(`Latest-answer channel failed: ${error.message}`));
  }

  /** Resolves once the broker has the pointer. */
  async set(chatId: string, messageId: string): Promise<void> {
    this.assertConnected("keeping a chat's latest answer");
    const queue = latestAnswerQueue(this.requestsQueue, chatId);
    try {
      await this.channel.assertQueue(queue, {
        durable: true,
        arguments: { 'x-max-length': 1, 'x-overflow': 'drop-head', 'x-expires': POINTER_EXPIRES_MS },
      });
      await this.channel.sendToQueue(queue, Buffer.from(JSON.stringify({ message_id: messageId })), {
        persistent: true,
        contentType: 'application/json',
      });
    } catch (error) {
      throw new BrokerUnavailableError("keeping a chat's latest answer", error);
    }
  }

  /** The message id of the chat's latest answer; undefined when it has none (or it expired). */
  get(chatId: string): Promise<string | undefined> {
    this.assertConnected("reading a chat's latest answer");
    const under = this.reading.get(chatId);
    if (under) return under;
    const read = this.read(latestAnswerQueue(this.requestsQueue, chatId)).finally(() => this.reading.delete(chatId));
    this.reading.set(chatId, read);
    return read;
  }

  /**
   * An empty queue means the chat has no answer only once it stays empty: a reader on another gateway
   * holds the one message for a round trip, and a POST's declare comes before its pointer.
   */
  private async read(queue: string): Promise<string | undefined> {
    const deadline = Date.now() + READ_FOR_MS;
    for (;;) {
      const message = await this.peek(queue);
      if (message === 'no queue') return undefined;
      if (message) return readPointer(message.content);
      if (Date.now() >= deadline) return undefined;
      await sleep(READ_RETRY_MS.min + Math.random() * READ_RETRY_MS.spread);
    }
  }

  /**
   * The queue's message, put back at once; false when it is empty for now. On a channel of its own:
   * the broker closes the channel that asks for a missing queue, and no other request is to fail with it.
   */
  private async peek(queue: string): Promise<GetMessage | false | 'no queue'> {
    let channel: Channel | undefined;
    try {
      channel = await this.broker.createChannel();
      channel.on('error', () => undefined);
      const message = await channel.get(queue, { noAck: false });
      if (message) channel.nack(message, false, true);
      await channel.close();
      return message;
    } catch (error) {
      if (replyCodeOf(error) === 404) return 'no queue';
      channel?.close().catch(() => undefined);
      throw new BrokerUnavailableError("reading a chat's latest answer", error);
    }
  }

  private assertConnected(operation: string): void {
    if (!this.broker.isConnected) throw new BrokerUnavailableError(operation);
  }
}

/** The broker's reply code: on the error of most operations, on the channel's close frame for a get. */
function replyCodeOf(error: unknown): number | undefined {
  const failure = error as { code?: number; fields?: { replyCode?: number } };
  return failure.code ?? failure.fields?.replyCode;
}

function readPointer(content: Buffer): string | undefined {
  try {
    const value = (JSON.parse(content.toString()) as { message_id?: unknown } | null)?.message_id;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
