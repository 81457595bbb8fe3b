import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MaxTextLength } from '../max-text-length.constraint';
import { MAX_CHAT_TITLE_LENGTH } from '../chat-title';

export class SendMessageDto {
  @ApiProperty({
    description: 'The message; not blank, at most MAX_TEXT_LENGTH characters (4000 by default)',
    example: 'Tell me about RabbitMQ',
  })
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
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
}
