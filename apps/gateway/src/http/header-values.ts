import type { IncomingMessage } from 'node:http';

/**
 * Every value the request gave the header `name` (lower case), in order, or undefined when it gave
 * none: what `request.headersDistinct[name]` holds, read from rawHeaders. headersDistinct builds, and
 * keeps for the request's life, an object with an array for every header: for an event stream, that
 * is heap held as long as the stream is open, for a value read once.
 */
export function headerValues(request: Pick<IncomingMessage, 'rawHeaders'>, name: string): string[] | undefined {
  let values: string[] | undefined;
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index].length === name.length && raw[index].toLowerCase() === name) (values ??= []).push(raw[index + 1]);
  }
  return values;
}
