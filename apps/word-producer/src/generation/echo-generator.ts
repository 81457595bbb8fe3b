import { answerTokens, AnswerToken } from './answer';
import { AnswerGenerator, GenerationEnd, GenerationRequest } from './answer-generator';
import { paced } from './paced';

/**
 * GENERATOR=echo: the original services' answer, the prefix and the user's message, a word every
 * `wordDelayMs`. It counts words as tokens: for max_tokens and for usage. Temperature and stop
 * sequences change nothing.
 */
export class EchoGenerator implements AnswerGenerator {
  readonly repeatable = true;

  constructor(private readonly wordDelayMs: number) {}

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken, GenerationEnd | void> {
    const message = request.messages.at(-1)?.content ?? '';
    const tokens = answerTokens(message);
    const limited = request.maxTokens !== undefined && tokens.length > request.maxTokens;
    const answer = limited ? tokens.slice(0, request.maxTokens) : tokens;
    for await (const token of paced(answer, this.wordDelayMs)) {
      if (signal.aborted) return;
      yield token;
    }
    const promptTokens = request.messages.reduce((sum, turn) => sum + wordCount(turn.content), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: answer.length, total_tokens: promptTokens + answer.length };
    return { finishReason: limited ? 'length' : 'stop', usage };
  }
}

function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
