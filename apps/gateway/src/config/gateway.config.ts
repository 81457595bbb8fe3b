import { registerAs } from '@nestjs/config';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { join } from 'node:path';
import { validateEnv } from '@app/contracts';

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

  /** Relayed words kept unacked per stream, so that a reconnect (to any gateway) can replay them. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  REPLAY_WINDOW_WORDS: number = 64;

  /** How long a stream whose client left waits for a reconnect before its answer is abandoned. */
  @IsInt()
  @Min(0)
  RESUME_WINDOW_MS: number = 30_000;

  @IsString()
  @IsNotEmpty()
  STATIC_DIR: string = join(process.cwd(), 'static');
}

export interface GatewayConfig {
  port: number;
  maxTextLength: number;
  streamIdleTimeoutMs: number;
  replyChannels: number;
  replayWindowWords: number;
  resumeWindowMs: number;
  staticDir: string;
}

export const gatewayConfig = registerAs('gateway', (): GatewayConfig => {
  const env = validateEnv(GatewayEnvironment);
  return {
    port: env.PORT,
    maxTextLength: env.MAX_TEXT_LENGTH,
    streamIdleTimeoutMs: env.STREAM_IDLE_TIMEOUT_MS,
    replyChannels: env.REPLY_CHANNELS,
    replayWindowWords: env.REPLAY_WINDOW_WORDS,
    resumeWindowMs: env.RESUME_WINDOW_MS,
    staticDir: env.STATIC_DIR,
  };
});
