import type { IncomingMessage } from 'node:http';

/** Deeper JSON is refused before it is parsed: validation walks objects recursively. */
export const MAX_JSON_DEPTH = 32;

/** An error the body parser turns into a 400 with this message. */
class TooDeepError extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'TooDeepError';
  }
}

/**
 * body-parser's `verify` hook: scans the raw body once, counting brackets outside strings. JSON nested
 * 3000 levels deep made class-validator overflow the stack (a 500) and cost 57 ms of CPU per request.
 */
export function refuseDeepJson(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index++) {
    const byte = body[index];
    if (inString) {
      if (byte === 0x5c)
        index += 1; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new TooDeepError();
    } else if (byte === 0x7d || byte === 0x5d) depth -= 1;
  }
}
