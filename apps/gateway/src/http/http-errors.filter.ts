import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request } from 'express';
import { isOpenAiRoute } from '../openai/openai-error';
import { Refusal, sendErrorResponse } from './error-response';

/** What Express's body parsers fail with (http-errors): 413 for a body over the limit, 400 for broken JSON. */
interface ClientHttpError {
  status: number;
  message: string;
  expose: true;
}

/**
 * Body parsers refuse some requests before any controller runs, and some exceptions carry a bare
 * message. Answer both in the same `{ statusCode, message, error }` shape as Nest's own exceptions;
 * under /v1/, every HttpException (validation's lists of problems included) in OpenAI's shape.
 * Everything else goes to Nest's default handling.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const openAi = isOpenAiRoute(host.switchToHttp().getRequest<Request>());
    const refusal = clientRefusal(error, openAi);
    if (!refusal) return super.catch(error, host);
    sendErrorResponse(host, refusal);
  }
}

function clientRefusal(error: unknown, openAi: boolean): Refusal | undefined {
  if (error instanceof HttpException) {
    const body = error.getResponse();
    if (typeof body === 'string') return { statusCode: error.getStatus(), message: body };
    return openAi ? refusalOf(error.getStatus(), body as Record<string, unknown>) : undefined;
  }
  const candidate = error as Partial<ClientHttpError> | null;
  const status = candidate?.status;
  const isClientError = typeof status === 'number' && status >= 400 && status < 500 && candidate?.expose === true;
  return isClientError ? { statusCode: status, message: String(candidate.message) } : undefined;
}

/** An exception's object body (Nest's `{ message, error }`, a validation's list of problems, or Refusal fields). */
function refusalOf(statusCode: number, body: Record<string, unknown>): Refusal {
  const problems = Array.isArray(body.message) ? body.message.map(String) : undefined;
  const message = [body.message, body.error].find((value): value is string => typeof value === 'string');
  const messages = problems ?? [message ?? 'Error'];
  // A validation's problems each begin with the field they are about.
  const param = typeof body.param === 'string' ? body.param : problems && /^([a-z_][\w.]*) /i.exec(problems[0])?.[1];
  return { statusCode, message: messages.join('; '), param, code: typeof body.code === 'string' ? body.code : undefined };
}
