import { Logger } from '@nestjs/common';
import OpenAI from 'openai';
import { AnswerToken } from '../answer';
import { AnswerGenerator, GenerationRequest } from '../answer-generator';
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

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken> {
    // The client's own timeout ends once the headers are in; the watchdog also covers a stream that stalls.
    const watchdog = new SilenceWatchdog(this.settings.timeoutMs);
    const words = new WordAssembler();
    let failure: UpstreamError | undefined;
    try {
      const stream = await this.client.chat.completions.create(
        { model: this.settings.model, messages: request.messages.map(({ role, content }) => ({ role, content })), stream: true },
        { signal: AbortSignal.any([signal, watchdog.signal]) },
      );
      for await (const chunk of stream) {
        watchdog.restart();
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) yield* words.push(delta);
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
  }

  private failed(error: unknown): UpstreamError {
    const chain = causes(error).map(({ message }) => message);
    this.logger.warn(`${this.settings.baseUrl}/chat/completions failed: ${chain.join(' <- ')}`);
    return upstreamError(error, this.settings.timeoutMs);
  }
}
