import { ChatTurn, conversationLongerThan, isBlank, longerThan } from '@app/contracts';

export interface ConversationLimits {
  maxTextLength: number;
  maxHistoryLength: number;
}

/**
 * What is wrong with a conversation to answer, in words for the client, or undefined: the last turn
 * must be the user's, not blank, at most MAX_TEXT_LENGTH characters; the turns before it at most
 * MAX_HISTORY_LENGTH together. The same rules for every surface that takes a whole conversation.
 */
export function conversationProblem(
  turns: readonly ChatTurn[],
  { maxTextLength, maxHistoryLength }: ConversationLimits,
): string | undefined {
  const last = turns[turns.length - 1];
  if (last.role !== 'user') return "The last message must be the user's, the one to answer";
  if (isBlank(last.content)) return 'The last message must not be blank';
  if (longerThan(last.content, maxTextLength)) return `The last message must be at most ${maxTextLength} characters (MAX_TEXT_LENGTH)`;
  if (conversationLongerThan(turns.slice(0, -1), maxHistoryLength))
    return `The messages before the last must hold at most ${maxHistoryLength} characters in all (MAX_HISTORY_LENGTH)`;
  return undefined;
}
