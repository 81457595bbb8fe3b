import { IsInt, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';

/** Why an answer ended, as Chat Completions says it: `length` when it hit a limit (max_tokens). */
export const FINISH_REASONS = ['stop', 'length'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** Tokens the generator counted, as Chat Completions reports them. */
export class TokenUsage {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  prompt_tokens: number;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  completion_tokens: number;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  total_tokens: number;
}

/** What an end message and a transcript say about how the answer ended, besides where. */
export interface AnswerEnding {
  /** The answer failed, and why (for people). */
  error?: string;
  finish_reason?: FinishReason;
  usage?: TokenUsage;
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** Whether `value` is a TokenUsage: the three counts, whole and not negative. */
export function isTokenUsage(value: unknown): value is TokenUsage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const usage = value as Record<string, unknown>;
  return isCount(usage.prompt_tokens) && isCount(usage.completion_tokens) && isCount(usage.total_tokens);
}

export function isFinishReason(value: unknown): value is FinishReason {
  return (FINISH_REASONS as readonly unknown[]).includes(value);
}

/** A TokenUsage (checked by hand, as readWordMessage checks everything). */
export function IsTokenUsage(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTokenUsage',
      validator: {
        validate: (value: unknown) => isTokenUsage(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be {prompt_tokens, completion_tokens, total_tokens}, whole numbers`,
      },
    },
    options,
  );
}

/** The ending's fields that are set, for an end message or a transcript. */
export function endingFields({ error, finish_reason, usage }: AnswerEnding): AnswerEnding {
  return {
    ...(error === undefined ? {} : { error }),
    ...(finish_reason === undefined ? {} : { finish_reason }),
    ...(usage === undefined ? {} : { usage }),
  };
}
