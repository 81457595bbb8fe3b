import 'reflect-metadata';
import { Type } from 'class-transformer';
import { longerThan } from './text-length';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsString, ValidateNested } from 'class-validator';

export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** One turn of a conversation, as Chat Completions takes it: text content only. */
export class ChatTurn {
  @IsIn(CHAT_ROLES)
  role: ChatRole;

  @IsString()
  content: string;
}

/** The most turns a request carries: a conversation longer than this is cut by its sender. */
export const MAX_TURNS = 256;

/** A list of ChatTurn, one at least, MAX_TURNS at most. */
export function IsConversation(): PropertyDecorator {
  const decorators = [IsArray(), ArrayNotEmpty(), ArrayMaxSize(MAX_TURNS), ValidateNested({ each: true }), Type(() => ChatTurn)];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** Whether the turns' contents have more than `max` characters together, counted as longerThan counts them. */
export function conversationLongerThan(turns: readonly Pick<ChatTurn, 'content'>[], max: number): boolean {
  let left = max;
  for (const { content } of turns) {
    if (longerThan(content, left)) return true;
    left -= [...content].length;
  }
  return false;
}
