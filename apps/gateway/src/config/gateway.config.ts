import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigOf, envConfig } from '@app/config';
import { ReplyQueueMode } from '@app/contracts';

export class GatewayEnvironment {
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 8080;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAX_TEXT_LENGTH: number = 4000;

  /** The earlier turns a message may carry as context (`history`, or an OpenAI request's other messages), in characters in all. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  MAX_HISTORY_LENGTH: number = 12_000;

  @IsInt()
  @Min(100)
  STREAM_IDLE_TIMEOUT_MS: number = 60_000;

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

  /** The chat page's files; a relative path is from the working directory. */
  @IsString()
  @IsNotEmpty()
  STATIC_DIR: string = 'static';

  /** An internal port for /metrics and /health/ready, off the public one; neither is served when unset. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65_535)
  METRICS_PORT?: number;

  /** The model names OpenAI clients may ask for (GET /v1/models lists them), comma-separated; the workers answer each the same way. */
  @Matches(/^[^\s,]+(,[^\s,]+)*$/, { message: 'MODELS must be model names without spaces, comma-separated' })
  MODELS: string = 'echo';

  /** Where the Vercel AI SDK's chat transport posts (its `api`); its resume and stop are under it. */
  @Matches(/^(\/[A-Za-z0-9_-]+)+$/, { message: 'UI_CHAT_PATH must be a path like /api/chat' })
  UI_CHAT_PATH: string = '/api/chat';

  /**
   * Gateway processes sharing PORT (Node's cluster: the first accepts connections and hands them
   * out): a number, or `auto` for one per core. 1 runs today's single process, as `nest start` does.
   */
  @Matches(/^(auto|[1-9][0-9]?)$/, { message: 'GATEWAY_PROCESSES must be auto or a number from 1 to 99' })
  GATEWAY_PROCESSES: string = '1';

  /** `false` serves neither Swagger UI (/api) nor the OpenAPI document (/api-json). */
  @IsIn(['true', 'false'])
  API_DOCS: string = 'true';
}

export const gatewayConfig = envConfig('gateway', GatewayEnvironment, (env) => ({
  apiDocs: env.API_DOCS === 'true',
  models: env.MODELS.split(','),
  gatewayProcesses: env.GATEWAY_PROCESSES === 'auto' ? availableParallelism() : Number(env.GATEWAY_PROCESSES),
  /** Absolute: ServeStaticModule sends index.html with res.sendFile, which takes no relative path. */
  staticDir: resolve(env.STATIC_DIR),
}));

export type GatewayConfig = ConfigOf<typeof gatewayConfig>;
