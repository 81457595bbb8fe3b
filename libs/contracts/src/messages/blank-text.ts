import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * White space, characters that render as nothing (Unicode's Default_Ignorable_Code_Point: zero-width
 * space and joiners, word joiner, BOM, soft hyphen, bidi controls, variation selectors, Hangul
 * fillers) and combining marks. A mark on a base character leaves the base, so only lone marks make a
 * text blank: 4000 × U+0301 shows nothing a reader could answer.
 */
const INVISIBLE_ONLY = /^[\s\p{M}\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether `text` shows nothing: only white space, zero-width characters and lone combining marks. */
export function isBlank(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

/** A string that is not blank (see isBlank); other types are left to @IsString. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isBlank(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must not be blank (white space, zero-width characters and lone combining marks do not count)`,
      },
    },
    options,
  );
}
