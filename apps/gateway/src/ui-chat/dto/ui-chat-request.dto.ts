import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CHAT_ROLES, ChatRole, MAX_TURNS } from '@app/contracts';

/** What an AI SDK chat id may be: the SDK's own ids, UUIDs, and the like. It names a queue, so nothing else. */
export const UI_CHAT_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const UI_CHAT_ID_RULE = 'letters, digits, _ and -, at most 128';

/** Parts a message may have; only text parts are read, the others (reasoning, steps, files) are passed over. */
export class UiMessagePartDto {
  @ApiProperty({ example: 'text' })
  @IsString()
  @MaxLength(64)
  type: string;

  @ApiPropertyOptional({ description: 'The text of a `text` part' })
  @IsOptional()
  @IsString()
  text?: string;
}

export class UiMessageDto {
  @ApiProperty({ example: 'Xk3p9QmZ2aLr8TbN' })
  @IsString()
  @MaxLength(128)
  id: string;

  @ApiProperty({ enum: CHAT_ROLES })
  @IsIn(CHAT_ROLES, { message: `role must be one of ${CHAT_ROLES.join(', ')}` })
  role: ChatRole;

  @ApiProperty({ type: [UiMessagePartDto] })
  @IsArray()
  @ArrayMaxSize(MAX_TURNS)
  @ValidateNested({ each: true })
  @Type(() => UiMessagePartDto)
  parts: UiMessagePartDto[];
}

/** The body the AI SDK's DefaultChatTransport sends: the chat's id, its messages, what triggered the request. */
export class UiChatRequestDto {
  @ApiProperty({ description: `The chat's id (${UI_CHAT_ID_RULE})`, example: 'Xk3p9QmZ2aLr8TbN' })
  @IsString()
  @Matches(UI_CHAT_ID, { message: `id must be a chat id: ${UI_CHAT_ID_RULE}` })
  id: string;

  @ApiProperty({ type: [UiMessageDto], description: "The chat's messages, ending with the user's message to answer" })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_TURNS)
  @ValidateNested({ each: true })
  @Type(() => UiMessageDto)
  messages: UiMessageDto[];

  @ApiPropertyOptional({ enum: ['submit-message', 'regenerate-message'] })
  @IsOptional()
  @IsIn(['submit-message', 'regenerate-message'])
  trigger?: 'submit-message' | 'regenerate-message';
}
