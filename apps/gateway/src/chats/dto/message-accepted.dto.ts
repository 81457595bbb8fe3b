import { ApiProperty } from '@nestjs/swagger';

export class MessageAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  chat_id: string;

  @ApiProperty({ description: 'The title sent, or the one generated from the text', example: 'Tell me about RabbitMQ' })
  chat_title: string;

  @ApiProperty({ format: 'uuid', description: 'Stream the answer from GET /stream/{chat_id}/{message_id}' })
  message_id: string;
}
