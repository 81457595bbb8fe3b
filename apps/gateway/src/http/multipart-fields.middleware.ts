import { BadRequestException, Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { MAX_BODY_BYTES } from './body-limits';

/**
 * Parses the multipart/form-data that a browser's FormData sends, text fields only, under the same
 * size limit as JSON and url-encoded bodies: an oversized field is a 413, like an oversized body.
 */
@Injectable()
export class MultipartFieldsMiddleware implements NestMiddleware {
  private readonly parse = multer({ limits: { fieldSize: MAX_BODY_BYTES, fields: 16, files: 0 } }).none();

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, (error?: unknown) => next(error && toHttpException(error)));
  }
}

function toHttpException(error: unknown): Error {
  if (!(error instanceof MulterError)) return new BadRequestException(`Malformed multipart body: ${(error as Error).message}`);
  if (error.code === 'LIMIT_FIELD_VALUE') return new PayloadTooLargeException(`Field ${error.field} is larger than ${MAX_BODY_BYTES} bytes`);
  return new BadRequestException(`${error.message}${error.field ? ` - ${error.field}` : ''}`);
}
