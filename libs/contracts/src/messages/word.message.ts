import { Equals, IsInt, IsOptional, IsString, IsUUID, Min } from 'class-validator';

/** One word of an answer, published by a worker to the message's reply queue. */
export class WordMessage {
  @IsUUID('4')
  chat_id: string;

  @IsString()
  chat_title: string;

  @IsUUID('4')
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
  seq?: number;

  /** Present, and true, only on the end message. */
  @IsOptional()
  @Equals(true)
  done?: true;

  /** On an end message: the answer failed, and why (e.g. no worker took the request in time). */
  @IsOptional()
  @IsString()
  error?: string;
}
