import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CHAT_ROLES, ChatRole, MAX_STOP_SEQUENCES, MAX_TURNS } from '@app/contracts';

export class ChatMessageDto {
  @ApiProperty({ enum: CHAT_ROLES, description: 'Other roles (tool, developer, function) are refused for now' })
  @IsIn(CHAT_ROLES, { message: `role must be one of ${CHAT_ROLES.join(', ')}: other roles are not supported` })
  role: ChatRole;

  @ApiProperty({ description: 'Text; content parts (images, audio, files) are refused for now', example: 'Hello!' })
  @IsString({ message: 'content must be a string: content parts are not supported' })
  content: string;
}

export class StreamOptionsDto {
  @ApiPropertyOptional({ description: 'Add a last chunk with `usage` and `choices: []` before `[DONE]`, when usage is known' })
  @IsOptional()
  @IsBoolean()
  include_usage?: boolean;
}

const MAX_TOKENS = { min: 1, max: Number.MAX_SAFE_INTEGER };
const MAX_MODEL_NAME_LENGTH = 256;
/** Longer than any stop sequence in use; a request is not a place to ship kilobytes of them. */
const MAX_STOP_LENGTH = 256;

/** `stop`: a string, or up to MAX_STOP_SEQUENCES of them. */
function IsStop(): PropertyDecorator {
  return ValidateBy({
    name: 'isStop',
    validator: {
      validate: (value: unknown) => {
        const isStop = (item: unknown) => typeof item === 'string' && item.length <= MAX_STOP_LENGTH;
        return isStop(value) || (Array.isArray(value) && value.length <= MAX_STOP_SEQUENCES && value.every(isStop));
      },
      defaultMessage: () =>
        `stop must be a string or an array of at most ${MAX_STOP_SEQUENCES} strings, each at most ${MAX_STOP_LENGTH} characters`,
    },
  });
}

/**
 * The body of POST /v1/chat/completions: the fields this gateway acts on. Any other field is ignored,
 * as OpenAI-compatible servers ignore what they do not support.
 */
export class ChatCompletionRequestDto {
  @ApiProperty({ description: 'One of the names GET /v1/models lists (MODELS)', example: 'echo', maxLength: MAX_MODEL_NAME_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_MODEL_NAME_LENGTH)
  model: string;

  @ApiProperty({
    type: [ChatMessageDto],
    description: `The conversation, ending with the user's message to answer; at most ${MAX_TURNS} messages`,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_TURNS)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages: ChatMessageDto[];

  @ApiPropertyOptional({ description: 'Stream the answer as `chat.completion.chunk` events, each with an SSE `id:` for a resume' })
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  @ApiPropertyOptional({ type: StreamOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StreamOptionsDto)
  stream_options?: StreamOptionsDto;

  @ApiPropertyOptional({ description: 'The most tokens to generate (the echo worker counts words)', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(MAX_TOKENS.min)
  @Max(MAX_TOKENS.max)
  max_tokens?: number;

  @ApiPropertyOptional({ description: 'Same as max_tokens; it wins when both are given', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(MAX_TOKENS.min)
  @Max(MAX_TOKENS.max)
  max_completion_tokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  temperature?: number;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: MAX_STOP_SEQUENCES }] })
  @IsOptional()
  @IsStop()
  stop?: string | string[];

  @ApiPropertyOptional({ description: 'Only 1: one choice per completion', enum: [1] })
  @IsOptional()
  @IsIn([1], { message: 'n must be 1: one choice per completion' })
  n?: number;
}
