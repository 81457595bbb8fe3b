import { ArgumentsHost } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { isOpenAiRoute, openAiErrorBody } from '../openai/openai-error';

/** What went wrong, as the error body will say it. */
export interface Refusal {
  statusCode: number;
  message: string;
  /** The request field at fault, when known (OpenAI's `param`). */
  param?: string | null;
  /** OpenAI's `code`, when there is a more precise one than the status gives. */
  code?: string;
}

/**
 * Answers in the `{ statusCode, message, error }` shape of Nest's own exceptions, or, under /v1/, in
 * OpenAI's `{ error: { message, type, param, code } }`, which its clients read. A response under way just ends.
 */
export function sendErrorResponse(host: ArgumentsHost, { statusCode, message, param = null, code }: Refusal): void {
  const response = host.switchToHttp().getResponse<Response>();
  if (response.headersSent) return void response.end();
  const request = host.switchToHttp().getRequest<Request>();
  response.status(statusCode).json(errorBody(request, { statusCode, message, param, code }));
}

/** The error body for `request`'s API: OpenAI's shape under /v1/, Nest's elsewhere. For middleware that answers by itself. */
export function errorBody(request: { path: string }, { statusCode, message, param = null, code }: Refusal): object {
  if (isOpenAiRoute(request)) return openAiErrorBody(statusCode, message, param, code);
  return { statusCode, message, error: STATUS_CODES[statusCode] };
}
