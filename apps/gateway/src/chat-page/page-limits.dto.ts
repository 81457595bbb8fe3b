import { ApiProperty } from '@nestjs/swagger';

export class PageLimitsDto {
  @ApiProperty({ description: 'The longest message text accepted, in characters (MAX_TEXT_LENGTH)', example: 4000 })
  max_text_length: number;

  @ApiProperty({
    description: "The most characters a message's `history` (its earlier turns) may hold in all (MAX_HISTORY_LENGTH)",
    example: 12000,
  })
  max_history_length: number;

  @ApiProperty({ description: 'The longest chat title accepted, in characters', example: 100 })
  max_chat_title_length: number;
}
