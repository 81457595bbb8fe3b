import multipart from '@fastify/multipart';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES } from './body-limits';

const MAX_FIELDS = 16;

/**
 * Accepts the multipart/form-data that a browser's FormData sends, text fields only, under the same
 * size limit as JSON and url-encoded bodies: an oversized field is a 413, like an oversized body,
 * and a file is refused. The fields become the request body, as for the other encodings.
 */
export async function acceptMultipartFields(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, { limits: { fieldSize: MAX_BODY_BYTES, fields: MAX_FIELDS, files: 0 } });
  app.getHttpAdapter().getInstance().addHook('preValidation', async (request: FastifyRequest) => {
    if (request.isMultipart()) request.body = await readFields(request);
  });
}

async function readFields(request: FastifyRequest): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') throw fileRefused();
      if (part.valueTruncated) throw new PayloadTooLargeException(`Field ${part.fieldname} is larger than ${MAX_BODY_BYTES} bytes`);
      fields[part.fieldname] = part.value;
    }
  } catch (error) {
    throw (error as { code?: string }).code === 'FST_FILES_LIMIT' ? fileRefused() : error;
  }
  return fields;
}

function fileRefused(): BadRequestException {
  return new BadRequestException('Unexpected file field: only text fields are accepted');
}
