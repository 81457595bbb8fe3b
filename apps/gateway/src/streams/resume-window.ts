import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';
import { ReplyQueues } from '../reply-queues/reply-queues.service';

/**
 * When a client leaves mid-answer, its words wait RESUME_WINDOW_MS for a reconnect (to any gateway).
 * After that, an unread reply queue is deleted, which makes the worker's next word come back to it
 * unroutable: generation stops instead of running on for nobody. Should this gateway die first, the
 * queue's x-expires does the same later.
 */
@Injectable()
export class ResumeWindow implements OnApplicationShutdown {
  private readonly waiting = new Set<NodeJS.Timeout>();
  private readonly logger = new Logger(ResumeWindow.name);

  constructor(
    private readonly replyQueues: ReplyQueues,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  clientLeft(messageId: string): void {
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      void this.abandonIfUnread(messageId);
    }, this.config.resumeWindowMs);
    this.waiting.add(timer);
  }

  onApplicationShutdown(): void {
    for (const timer of this.waiting) clearTimeout(timer);
    this.waiting.clear();
  }

  private async abandonIfUnread(messageId: string): Promise<void> {
    try {
      if (await this.replyQueues.deleteIfAbandoned(messageId)) this.logger.log(`Abandoned message ${messageId}: nobody came back for it`);
    } catch (error) {
      this.logger.warn(`Could not abandon message ${messageId}: ${(error as Error).message}`);
    }
  }
}
