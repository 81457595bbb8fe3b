import { Equals, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { AnswerEnding, FINISH_REASONS, FinishReason, isFinishReason, IsTokenUsage, isTokenUsage, TokenUsage } from './answer-ending';
import { parseJsonObject } from './json-object';
import { MessageHeader } from './message-header';

/**
 * One word of an answer, published by a worker to the message's reply queue. The decorators are the
 * schema; `readWordMessage` is the same schema as plain checks, for the gateway's hot path. The ids
 * are the request's, any RFC 4122 UUID: behind the original gateway, this worker echoes its v1 ids.
 */
export class WordMessage implements MessageHeader, AnswerEnding {
  @IsUUID('all')
  chat_id: string;

  @IsString()
  chat_title: string;

  @IsUUID('all')
  message_id: string;

  @IsString()
  text: string;

  /**
   * What follows the word in the generated text: white space, a line break, '' after the last word.
   * With it a reader rebuilds the exact text. Absent from original-protocol workers; readers then join
   * words with single spaces, as the original page does.
   */
  @IsOptional()
  @IsString()
  sep?: string;

  /** 1-based position of the word; the end message carries the next number. Absent from original-protocol workers. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  seq?: number;

  /** Present, and true, only on the end message. */
  @IsOptional()
  @Equals(true)
  done?: true;

  /** On an end message: the answer failed, and why (e.g. no worker took the request in time). */
  @IsOptional()
  @IsString()
  error?: string;

  /** On an end message: `length` when the generator stopped at a limit (max_tokens); absent means `stop`. */
  @IsOptional()
  @IsIn(FINISH_REASONS)
  finish_reason?: FinishReason;

  /** On an end message: the tokens counted, when the generator knows them. */
  @IsOptional()
  @IsTokenUsage()
  usage?: TokenUsage;
}

/** What @IsUUID('all') accepts: versions 1 to 8 with the RFC variant, the nil UUID and the max UUID. */
const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;
const isUuid = (value: unknown) => typeof value === 'string' && UUID.test(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * A word message as WordMessage's decorators accept it, or null: the schema checked by hand, about
 * fifty times faster than class-validator, since every word of every answer crosses it.
 * `word.message.spec.ts` holds the two to the same verdicts.
 */
export function readWordMessage(content: Buffer): WordMessage | null {
  const value = parseJsonObject(content);
  if (value === null || typeof value.text !== 'string' || typeof value.chat_title !== 'string') return null;
  if (!isUuid(value.chat_id) || !isUuid(value.message_id)) return null;
  if (!isOptionalString(value.sep) || !isOptionalString(value.error)) return null;
  if (value.seq !== undefined && !(Number.isSafeInteger(value.seq) && (value.seq as number) >= 1)) return null;
  if (value.done !== undefined && value.done !== true) return null;
  if (value.finish_reason !== undefined && !isFinishReason(value.finish_reason)) return null;
  if (value.usage !== undefined && !isTokenUsage(value.usage)) return null;
  return value as unknown as WordMessage;
}
