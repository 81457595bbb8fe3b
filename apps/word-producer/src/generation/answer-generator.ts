import { AnswerToken } from './answer';

/** One turn of a conversation, as Chat Completions takes it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What to answer: the conversation so far, ending with the user's message to answer. */
export interface GenerationRequest {
  messages: readonly ChatTurn[];
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
  generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<AnswerToken>;
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
