import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { IsNotBlank } from './blank-text';
import { ChatTurn, IsConversation } from './conversation';
import { MessageHeader } from './message-header';

/** The most stop sequences a request carries, as Chat Completions allows. */
export const MAX_STOP_SEQUENCES = 4;

/**
 * What a gateway publishes to the requests queue for each user message. Ids may be any RFC 4122
 * UUID: this gateway makes v4 ones, the original makes them with uuid.uuid1(). Only the header and
 * `text` are the original protocol; the original worker ignores every other field.
 */
export class ChatRequestMessage implements MessageHeader {
  @IsUUID('all')
  chat_id: string;

  @IsString()
  chat_title: string;

  @IsUUID('all')
  message_id: string;

  /** The user's message to answer. */
  @IsString()
  @IsNotBlank()
  text: string;

  /**
   * The whole conversation, as Chat Completions takes it, ending with the user's turn whose content
   * is `text`. Absent: the conversation is `text` alone.
   */
  @IsOptional()
  @IsConversation()
  messages?: ChatTurn[];

  /** The most tokens to generate; the answer then ends with finish_reason `length`. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  max_tokens?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  temperature?: number;

  /** Text at which the generator stops; not part of the answer. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STOP_SEQUENCES)
  @IsString({ each: true })
  stop?: string[];
}

/** The conversation a request asks to answer: its messages, or its text as the one user turn. */
export function conversationOf(request: Pick<ChatRequestMessage, 'text' | 'messages'>): ChatTurn[] {
  return request.messages ?? [{ role: 'user', content: request.text }];
}
