import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { sendErrorResponse } from './error-response';

/** What Express's body parsers fail with (http-errors): 413 for a body over the limit, 400 for broken JSON. */
interface ClientHttpError {
  status: number;
  message: string;
  expose: true;
}

/**
 * Body parsers refuse some requests before any controller runs, and some exceptions carry a bare
 * message. Answer both in the same `{ statusCode, message, error }` shape as Nest's own exceptions;
 * everything else goes to Nest's default handling.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const refusal = clientRefusal(error);
    if (!refusal) return super.catch(error, host);
    sendErrorResponse(host, refusal.statusCode, refusal.message);
  }
}

function clientRefusal(error: unknown): { statusCode: number; message: string } | undefined {
  if (error instanceof HttpException) {
    const body = error.getResponse();
    return typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : undefined;
  }
  const candidate = error as Partial<ClientHttpError> | null;
  const status = candidate?.status;
  const isClientError = typeof status === 'number' && status >= 400 && status < 500 && candidate?.expose === true;
  return isClientError ? { statusCode: status, message: String(candidate.message) } : undefined;
}
