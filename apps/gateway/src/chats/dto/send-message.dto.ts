import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsNotBlank } from '@app/contracts';
import { MaxTextLength } from '../max-text-length.constraint';
import { MAX_CHAT_TITLE_LENGTH } from '../chat-title';

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
}
