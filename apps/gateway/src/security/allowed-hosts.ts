import type { Request, RequestHandler, Response } from 'express';
import { errorBody } from '../http/error-response';

/** Load balancers and orchestrators probe liveness by address, with whatever Host they make of it. */
const ANY_HOST_PATHS = new Set(['/health']);

/**
 * Answers 421 for a Host header naming none of `allowedHosts`, before anything else runs. A page whose
 * own name an attacker rebinds to this machine's address (DNS rebinding) sends that name as Host and its
 * origin as Origin, so it would pass every same-origin check. The Host header as sent is judged, never
 * X-Forwarded-Host: such a page is same-origin to the browser and may set that header itself.
 */
export function allowedHostsOnly(allowedHosts: readonly string[]): RequestHandler {
  const allowed = new Set(allowedHosts);
  return (request, response, next) => {
    const host = request.headers.host;
    // Node refuses an HTTP/1.1 request without Host with a bare 400; HTTP/1.0 ones arrive here.
    if (host === undefined || host === '') return refuse(request, response, 400, 'The request has no Host header');
    const name = hostName(host);
    if (allowed.has(name) || ANY_HOST_PATHS.has(request.path)) return next();
    refuse(request, response, 421, `This gateway does not answer for ${name} (ALLOWED_HOSTS)`);
  };
}

/** `Example.com:8080` is `example.com`, `[::1]:8080` is `[::1]`. */
function hostName(host: string): string {
  const name = host.toLowerCase();
  return name.startsWith('[') ? name.slice(0, name.indexOf(']') + 1) : name.split(':')[0];
}

function refuse(request: Request, response: Response, statusCode: number, message: string): void {
  response.status(statusCode).json(errorBody(request, { statusCode, message }));
}
