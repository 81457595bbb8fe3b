import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * Fastify refuses some requests before any controller runs (413 for a body over the limit, 400 for
 * broken JSON, 415 for an unknown content type), and Nest turns those into exceptions that carry a
 * bare message. Answer them in the same `{ statusCode, message, error }` shape as Nest's own
 * exceptions; everything else goes to Nest's default handling.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (!(error instanceof HttpException) || typeof error.getResponse() !== 'string') return super.catch(error, host);
    const statusCode = error.getStatus();
    host.switchToHttp().getResponse<FastifyReply>().code(statusCode).send({
      statusCode,
      message: error.getResponse(),
      error: STATUS_CODES[statusCode],
    });
  }
}
