import { ChatTurn, FinishReason, TokenUsage } from '@app/contracts';
import { AnswerToken } from './answer';

/** What to answer: the conversation so far, ending with the user's message to answer, and how. */
export interface GenerationRequest {
  messages: readonly ChatTurn[];
  /** The most tokens to generate; then the answer ends with finish reason `length`. */
  maxTokens?: number;
  temperature?: number;
  stop?: readonly string[];
}

/** How a generation ended, when the generator knows: `length` at a limit, and the tokens counted. */
export interface GenerationEnd {
  finishReason?: FinishReason;
  usage?: TokenUsage;
}

/**
 * Makes the answer to a request, word by word: each word with the white space after it, so that the
 * words joined give the answer's text exactly. Stops, and releases what it holds, once `signal` aborts.
 * A generation that cannot finish throws a GenerationError, whose message is for the reader.
 */
export interface AnswerGenerator {
  /**
   * Whether a second generation of the same request gives the same words. Only then may an answer
   * cut short by a dead worker be generated again from its first word: the gateway drops the words
   * it already relayed by `seq`, which splices two different answers when the generations differ.
   */
  readonly repeatable: boolean;
  /** Yields the words; returns how it ended. */
  generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<AnswerToken, GenerationEnd | void>;
}

/** The Nest token of the configured AnswerGenerator. */
export const ANSWER_GENERATOR = Symbol('AnswerGenerator');

/** The generator could not finish the answer; the message says why, to the person who asked. */
export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationError';
  }
}
