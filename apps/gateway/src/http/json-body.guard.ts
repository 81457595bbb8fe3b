import { CanActivate, ExecutionContext, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/** Routes that take JSON bodies only (the OpenAI and AI SDK APIs, as theirs do): any other type is a 415 before validation. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.is('application/json')) return true;
    throw new UnsupportedMediaTypeException(
      `Send the body as application/json, not ${request.headers['content-type'] ?? 'an unnamed type'}`,
    );
  }
}
