import { ApiProperty } from '@nestjs/swagger';

export class ChatStartedDto {
  @ApiProperty({ format: 'uuid' })
  chat_id: string;

  @ApiProperty({ example: 'New Chat' })
  chat_title: string;
}
