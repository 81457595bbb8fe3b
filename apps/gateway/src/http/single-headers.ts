import type { RequestHandler } from 'express';
import { errorBody } from './error-response';
import { headerValues } from './header-values';

/**
 * Headers the gateway reads one value of. Node passes a repeated one on (joined, or the first kept),
 * and two parts of a chain (a proxy, this gateway) may each take a different one: Host and Origin
 * decide what a request may do, as Authorization does under API_KEYS, so a request that names two is
 * refused rather than guessed at.
 * (A repeated Last-Event-ID is refused by the stream route, which names it in its own words.)
 */
const SINGLE_HEADERS = ['host', 'origin', 'sec-fetch-site', 'content-type', 'authorization'];

/** Answers 400, before anything else runs, for a request that repeats one of SINGLE_HEADERS. */
export function singleHeadersOnly(): RequestHandler {
  return (request, response, next) => {
    const repeated = SINGLE_HEADERS.find((name) => (headerValues(request, name)?.length ?? 0) > 1);
    if (repeated === undefined) return next();
    const message = `The ${request.rawHeaders.find((header) => header.toLowerCase() === repeated)} header must be given once`;
    response.status(400).json(errorBody(request, { statusCode: 400, message }));
  };
}
