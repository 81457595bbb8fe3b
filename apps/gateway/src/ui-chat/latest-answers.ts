import { Injectable, Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, GetMessage } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokerConnection } from '../broker/broker-connection';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';

/** A chat's pointer outlives its latest answer's reply queue (x-expires 10 min), and goes when unused as long. */
const POINTER_EXPIRES_MS = 15 * 60_000;

/**
 * How often a read that found the pointer out (another gateway was reading it that instant) tries
 * again before it says there is none: two resumes arriving together must both find it.
 */
const READ_ATTEMPTS = 4;
const READ_RETRY_MS = 15;

/** The pointer's queue: one per AI SDK chat. */
export function latestAnswerQueue(chatId: string): string {
  return `ui_chat.latest_answer.${chatId}`;
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

  constructor(private readonly broker: BrokerConnection) {
    this.channel = broker.manager.createChannel({ confirm: true });
    this.channel.on('error', (error: Error) => this.logger.warn(`Latest-answer channel failed: ${error.message}`));
  }

  /** Resolves once the broker has the pointer. */
  async set(chatId: string, messageId: string): Promise<void> {
    this.assertConnected("keeping a chat's latest answer");
    const queue = latestAnswerQueue(chatId);
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
  async get(chatId: string): Promise<string | undefined> {
    this.assertConnected("reading a chat's latest answer");
    const queue = latestAnswerQueue(chatId);
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      const message = await this.peek(queue);
      if (message === 'no queue') return undefined;
      if (message) return readPointer(message.content);
      if (attempt < READ_ATTEMPTS) await sleep(READ_RETRY_MS);
    }
    return undefined;
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
