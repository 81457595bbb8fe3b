import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Request } from 'express';
import { MAX_BODY_BYTES } from './body-limits';

const ACCEPTED_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * A message comes as JSON, url-encoded or multipart form data; a body in any other format is a 415.
 * JSON and url-encoded bodies were read, within their limit, by the body parsers already; a multipart
 * body is read after this guard, by multer, which limits each field but not the whole body, so it
 * must declare a Content-Length within MAX_BODY_BYTES first (browsers always send one).
 */
@Injectable()
export class BodyFormatGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!hasBody(request)) return true;
    if (!request.is(ACCEPTED_TYPES)) {
      throw new UnsupportedMediaTypeException(
        `Send the body as ${ACCEPTED_TYPES.join(', ')}, not ${request.headers['content-type'] ?? 'an unnamed type'}`,
      );
    }
    if (request.is('multipart/form-data')) assertDeclaredLength(request);
    return true;
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

function assertDeclaredLength(request: Request): void {
  const declared = request.headers['content-length'];
  if (declared === undefined) throw new HttpException('A multipart body needs a Content-Length header', HttpStatus.LENGTH_REQUIRED);
  if (Number(declared) > MAX_BODY_BYTES) throw new PayloadTooLargeException(`The request body is larger than ${MAX_BODY_BYTES} bytes`);
}
