import { ApiProperty } from '@nestjs/swagger';

export class CompletionCancelledDto {
  @ApiProperty({ example: 'chatcmpl-7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a-1765000000' })
  id: string;

  @ApiProperty({ enum: ['chat.completion.cancelled'] })
  object: 'chat.completion.cancelled';

  @ApiProperty({ enum: [true] })
  cancelled: true;
}
