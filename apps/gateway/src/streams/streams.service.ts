import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServerResponse } from 'node:http';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ReplyQueues } from '../reply-queues/reply-queues.service';
import { ResumeWindow } from './resume-window';
import { RelayContext, StreamRelay, StreamTarget } from './stream-relay';

@Injectable()
export class StreamsService {
  private readonly relayContext: RelayContext;
  private openCount = 0;

  constructor(
    private readonly replyQueues: ReplyQueues,
    resumeWindow: ResumeWindow,
    @Inject(gatewayConfig.KEY) config: GatewayConfig,
  ) {
    this.relayContext = {
      replyQueues,
      resumeWindow,
      idleTimeoutMs: config.streamIdleTimeoutMs,
      logger: new Logger(StreamRelay.name),
    };
  }

  /** Throws ReplyQueueNotFoundError for an unknown, finished or expired message, BrokerUnavailableError when it cannot tell. */
  assertExists(messageId: string): Promise<void> {
    return this.replyQueues.assertExists(messageId);
  }

  /** Starts relaying the message's words to `response`; any failure from here on ends the stream with an SSE error. */
  async open(target: StreamTarget, response: ServerResponse): Promise<void> {
    const relay = new StreamRelay(response, target, this.relayContext);
    this.openCount += 1;
    response.once('close', () => (this.openCount -= 1));
    try {
      relay.attach(await this.replyQueues.consume(target.messageId, relay));
    } catch (error) {
      relay.fail(`The stream could not start: ${(error as Error).message}`);
    }
  }

  /** Event streams currently open on this gateway, and the reply consumers behind them. */
  get load(): { openStreams: number; replyConsumers: number } {
    return { openStreams: this.openCount, replyConsumers: this.replyQueues.consumerCount };
  }

  /**
   * Stops the answer wherever it is being generated and relayed: deleting the reply queue cancels every
   * consumer of it, and the worker's next word comes back unroutable. Throws ReplyQueueNotFoundError.
   */
  async cancel(messageId: string): Promise<void> {
    await this.replyQueues.assertExists(messageId);
    await this.replyQueues.delete(messageId);
  }
}
