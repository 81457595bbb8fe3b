import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiKeys } from './api-keys';

const PROBLEMS = {
  missing: 'No API key: send one as `Authorization: Bearer <key>`',
  incorrect: 'Incorrect API key provided',
};

/** With API_KEYS set, a request without one of them gets 401 before anything else of it is read. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.keys.required) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const check = this.keys.check(request.headers);
    if ('key' in check) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException(PROBLEMS[check.problem]);
  }
}
