/** A request body larger than any the gateway sends: it is refused without being parsed. */
export class OversizedRequest {
  constructor(readonly bytes: number) {}
}

/**
 * golevelup's deserializer for requests. A text of MAX_TEXT_LENGTH characters is at most six bytes a
 * character in JSON (\uXXXX), plus the other fields; anything larger is refused unparsed (a 10 MB
 * request used to cost the worker 220 MB before its first word).
 */
export function requestDeserializer(maxTextLength: number): (content: Buffer) => unknown {
  const maxBytes = maxTextLength * 6 + 4096;
  return (content) =>
    content.length > maxBytes ? new OversizedRequest(content.length) : (JSON.parse(content.toString('utf8')) as unknown);
}
