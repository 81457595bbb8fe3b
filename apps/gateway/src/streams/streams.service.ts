import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServerResponse } from 'node:http';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ReplyQueues } from '../reply-queues/reply-queues.service';
import { StreamRelay, StreamTarget } from './stream-relay';

@Injectable()
export class StreamsService {
  private readonly logger = new Logger(StreamsService.name);

  constructor(
    private readonly replyQueues: ReplyQueues,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  /**
   * Starts relaying the message's words to `response`. Throws ReplyQueueNotFoundError or
   * BrokerUnavailableError before anything is written; later failures end the stream with an SSE error.
   */
  async open(target: StreamTarget, response: ServerResponse): Promise<void> {
    await this.replyQueues.assertExists(target.messageId);
    const relay = new StreamRelay(response, target, this.replyQueues, this.config.streamIdleTimeoutMs, this.logger);
    try {
      relay.attach(await this.replyQueues.consume(target.messageId, relay));
    } catch (error) {
      relay.fail(`The stream could not start: ${(error as Error).message}`);
    }
  }
}
