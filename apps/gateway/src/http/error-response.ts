import { ArgumentsHost } from '@nestjs/common';
import { Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** Answers in the `{ statusCode, message, error }` shape of Nest's own exceptions; a response under way just ends. */
export function sendErrorResponse(host: ArgumentsHost, statusCode: number, message: string): void {
  const response = host.switchToHttp().getResponse<Response>();
  if (response.headersSent) return void response.end();
  response.status(statusCode).json({ statusCode, message, error: STATUS_CODES[statusCode] });
}
