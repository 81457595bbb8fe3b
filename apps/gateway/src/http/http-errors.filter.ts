import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Response } from 'express';
import { STATUS_CODES } from 'node:http';

interface ClientHttpError {
  status: number;
  message: string;
  expose: true;
}

/**
 * Express body parsers fail with http-errors (413 for a body over the limit, 400 for broken JSON)
 * before Nest sees the request; answer them in the same `{ statusCode, message, error }` shape as
 * Nest's own exceptions. Everything else goes to Nest's default handling.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (!isClientHttpError(error)) return super.catch(error, host);
    host.switchToHttp().getResponse<Response>().status(error.status).json({
      statusCode: error.status,
      message: error.message,
      error: STATUS_CODES[error.status],
    });
  }
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as Partial<ClientHttpError> | null;
  return (
    typeof candidate?.status === 'number' &&
    candidate.status >= HttpStatus.BAD_REQUEST &&
    candidate.status < HttpStatus.INTERNAL_SERVER_ERROR &&
    candidate.expose === true
  );
}
