/** PORT: port, MAX_TEXT_LENGTH: maxTextLength, IPV6_CLIENT_PREFIX: ipv6ClientPrefix. */
export type CamelCase<Name extends string> = Name extends `${infer Word}_${infer Rest}`
  ? `${Lowercase<Word>}${Capitalize<CamelCase<Rest>>}`
  : Lowercase<Name>;

/** An env class's fields under their camelCase names, with their types and optionality. */
export type CamelCased<Env> = { [Name in keyof Env as CamelCase<Name & string>]: Env[Name] };

export function camelCase(name: string): string {
  return name.toLowerCase().replace(/_(.)/g, (_, letter: string) => letter.toUpperCase());
}
