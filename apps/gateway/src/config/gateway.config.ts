import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { join } from 'node:path';
import { envConfig, validateEnv } from '@app/config';
import { ReplyQueueMode } from '@app/contracts';

class GatewayEnvironment {
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 8080;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAX_TEXT_LENGTH: number = 4000;

  @IsInt()
  @Min(100)
  STREAM_IDLE_TIMEOUT_MS: number = 60_000;

  /** Channels shared by the reply-queue consumers; more lets more queue operations run in parallel. */
  @IsInt()
  @Min(1)
  @Max(1000)
  REPLY_CHANNELS: number = 16;

  /** How long an answer whose client left mid-answer waits for a reconnect before it is abandoned. */
  @IsInt()
  @Min(0)
  RESUME_WINDOW_MS: number = 30_000;

  /** How long a finished answer stays replayable after its end was relayed, unless released sooner. */
  @IsInt()
  @Min(0)
  COMPLETED_RETENTION_MS: number = 60_000;

  /** A client that takes no data for this long is cut off, and its answer kept for a resume. */
  @IsInt()
  @Min(100)
  STALLED_CLIENT_MS: number = 30_000;

  /** An idle stream gets a comment line this often, so that proxies keep it and dead peers are found. */
  @IsInt()
  @Min(100)
  HEARTBEAT_MS: number = 15_000;

  /** The longest answer relayed, in words: every word is held until the answer is done with. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAX_ANSWER_WORDS: number = 20_000;

  /**
   * resumable: reply queues made for resume and takeover. original: declared as the original services
   * declare them, so that the original Python worker can answer behind this gateway (no resume).
   */
  @IsIn(['resumable', 'original'])
  REPLY_QUEUES: ReplyQueueMode = 'resumable';

  @IsString()
  @IsNotEmpty()
  STATIC_DIR: string = join(process.cwd(), 'static');

  /** An internal port for /metrics and /health/ready, off the public one; neither is served when unset. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65_535)
  METRICS_PORT?: number;

  /** `false` serves neither Swagger UI (/api) nor the OpenAPI document (/api-json). */
  @IsIn(['true', 'false'])
  API_DOCS: string = 'true';
}

export interface GatewayConfig {
  port: number;
  maxTextLength: number;
  streamIdleTimeoutMs: number;
  replyChannels: number;
  resumeWindowMs: number;
  completedRetentionMs: number;
  stalledClientMs: number;
  heartbeatMs: number;
  maxAnswerWords: number;
  replyQueues: ReplyQueueMode;
  staticDir: string;
  metricsPort?: number;
  apiDocs: boolean;
}

export const gatewayConfig = envConfig('gateway', (environment): GatewayConfig => {
  const env = validateEnv(GatewayEnvironment, environment);
  return {
    port: env.PORT,
    maxTextLength: env.MAX_TEXT_LENGTH,
    streamIdleTimeoutMs: env.STREAM_IDLE_TIMEOUT_MS,
    replyChannels: env.REPLY_CHANNELS,
    resumeWindowMs: env.RESUME_WINDOW_MS,
    completedRetentionMs: env.COMPLETED_RETENTION_MS,
    stalledClientMs: env.STALLED_CLIENT_MS,
    heartbeatMs: env.HEARTBEAT_MS,
    maxAnswerWords: env.MAX_ANSWER_WORDS,
    replyQueues: env.REPLY_QUEUES,
    staticDir: env.STATIC_DIR,
    metricsPort: env.METRICS_PORT,
    apiDocs: env.API_DOCS === 'true',
  };
});
