import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsNotBlank, MAX_TURNS } from '@app/contracts';
import { MaxHistoryLength } from '../max-history-length.constraint';
import { MaxTextLength } from '../max-text-length.constraint';
import { MAX_CHAT_TITLE_LENGTH } from '../chat-title';

/** One earlier turn of the chat: what the user said, or what was answered. */
export class HistoryTurnDto {
  @ApiProperty({ enum: ['user', 'assistant'] })
  @IsIn(['user', 'assistant'])
  role: 'user' | 'assistant';

  @ApiProperty({ example: 'What is a queue?' })
  @IsString()
  content: string;
}

export class SendMessageDto {
  @ApiProperty({
    description:
      'The message; not blank (white space, zero-width characters and lone combining marks do not count), at most MAX_TEXT_LENGTH characters (4000 by default)',
    example: 'Tell me about RabbitMQ',
  })
  @IsString()
  @IsNotBlank()
  @MaxTextLength()
  text: string;

  @ApiPropertyOptional({
    description: 'The chat title; when absent or "New Chat" one is generated from the text',
    maxLength: MAX_CHAT_TITLE_LENGTH,
    example: 'New Chat',
  })
  // Absent is fine; null is not a title (IsOptional would let it through, and it broke titles: a 500).
  @ValidateIf((message: SendMessageDto) => message.chat_title !== undefined)
  @IsString()
  @MaxLength(MAX_CHAT_TITLE_LENGTH)
  chat_title?: string;

  @ApiPropertyOptional({
    type: [HistoryTurnDto],
    description:
      'The earlier turns of the chat, oldest first, sent to the worker as context (JSON bodies only). At most ' +
      `${MAX_TURNS} turns and MAX_HISTORY_LENGTH characters (12000 by default) in all: a client sends the latest turns that fit`,
  })
  // Absent is fine; null is not a history.
  @ValidateIf((message: SendMessageDto) => message.history !== undefined)
  @IsArray({ message: 'history must be an array of {role, content} turns, in a JSON body' })
  @ArrayMaxSize(MAX_TURNS)
  @ValidateNested({ each: true })
  @Type(() => HistoryTurnDto)
  @MaxHistoryLength()
  history?: HistoryTurnDto[];
}
