import { answerTokens, AnswerToken } from './answer';
import { AnswerGenerator, GenerationRequest } from './answer-generator';
import { paced } from './paced';

/** GENERATOR=echo: the original services' answer, the prefix and the message, a word every `wordDelayMs`. */
export class EchoGenerator implements AnswerGenerator {
  readonly repeatable = true;

  constructor(private readonly wordDelayMs: number) {}

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken> {
    const message = request.messages.at(-1)?.content ?? '';
    for await (const token of paced(answerTokens(message), this.wordDelayMs)) {
      if (signal.aborted) return;
      yield token;
    }
  }
}
