import { Logger } from '@nestjs/common';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { TokenUsage } from '@app/contracts';
import { AnswerToken } from '../answer';
import { AnswerGenerator, GenerationEnd, GenerationRequest } from '../answer-generator';
import { SilenceWatchdog } from './silence-watchdog';
import { causes, upstreamError, UpstreamError, upstreamSilent } from './upstream-error';
import { WordAssembler } from './word-assembler';

/** An OpenAI-compatible server (Ollama, vLLM, llama.cpp's llama-server) and the model to ask. */
export interface UpstreamSettings {
  /** Up to `/v1`: the client posts to `{baseUrl}/chat/completions`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** How long the server may stay silent: before its answer starts, and between two chunks. */
  timeoutMs: number;
}

/**
 * GENERATOR=openai: streams the answer from a model server's Chat Completions, its deltas made into
 * words as they come (no pacing). Not repeatable: a model asked twice answers differently.
 */
export class UpstreamGenerator implements AnswerGenerator {
  readonly repeatable = false;
  private readonly client: OpenAI;
  private readonly logger = new Logger(UpstreamGenerator.name);

  constructor(private readonly settings: UpstreamSettings) {
    // Local servers take any key; the client refuses to start without one.
    const apiKey = settings.apiKey ?? 'no-key';
    // No retries: a retry after words went out would splice two generations, and a failure is told to the reader instead.
    this.client = new OpenAI({ baseURL: settings.baseUrl, apiKey, timeout: settings.timeoutMs, maxRetries: 0 });
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken, GenerationEnd | void> {
    // The client's own timeout ends once the headers are in; the watchdog also covers a stream that stalls.
    const watchdog = new SilenceWatchdog(this.settings.timeoutMs);
    const words = new WordAssembler();
    const end: GenerationEnd = {};
    let failure: UpstreamError | undefined;
    try {
      const stream = await this.client.chat.completions.create(this.body(request), { signal: AbortSignal.any([signal, watchdog.signal]) });
      for await (const chunk of stream) {
        watchdog.restart();
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield* words.push(choice.delta.content);
        if (choice?.finish_reason) end.finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) end.usage = usageOf(chunk.usage);
      }
    } catch (error) {
      if (!signal.aborted && !watchdog.fired) failure = this.failed(error);
    } finally {
      watchdog.stop();
    }
    // An aborted stream ends without an error (the client's core/streaming.ts returns on an AbortError).
    if (signal.aborted) return;
    if (watchdog.fired) failure = upstreamSilent(this.settings.timeoutMs);
    // The text received goes out whole, its last word included, before any error.
    yield* words.end();
    if (failure) throw failure;
    return end;
  }

  /**
   * `max_tokens` rather than `max_completion_tokens`: Ollama, vLLM and llama-server all take the
   * former, Ollama not the latter. Usage is asked for, to be passed on.
   */
  private body(request: GenerationRequest): ChatCompletionCreateParamsStreaming {
    return {
      model: this.settings.model,
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      stream: true,
      stream_options: { include_usage: true },
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.stop === undefined ? {} : { stop: [...request.stop] }),
    };
  }

  private failed(error: unknown): UpstreamError {
    const chain = causes(error).map(({ message }) => message);
    this.logger.warn(`${this.settings.baseUrl}/chat/completions failed: ${chain.join(' <- ')}`);
    return upstreamError(error, this.settings.timeoutMs);
  }
}

/** The three counts, whole and not negative, or nothing: a server's odd usage is not worth failing an answer over. */
function usageOf(usage: CompletionUsage): TokenUsage | undefined {
  const { prompt_tokens, completion_tokens, total_tokens } = usage;
  const counts = [prompt_tokens, completion_tokens, total_tokens];
  return counts.every((count) => Number.isSafeInteger(count) && count >= 0)
    ? { prompt_tokens, completion_tokens, total_tokens }
    : undefined;
}
