import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Server } from 'node:http';
import { MAX_BODY_BYTES } from './body-limits';

/**
 * JSON and url-encoded bodies, up to MAX_BODY_BYTES each. An empty JSON body counts as no body, as in
 * the original API: a client that always sends `Content-Type: application/json` can still start a
 * chat without one. (Registering one parser takes over from Nest's defaults, hence both here.)
 */
export function acceptJsonAndFormBodies(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else parseJson(request, body.toString('utf8'), done);
  });
  app.useBodyParser<Server>('application/x-www-form-urlencoded', { bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  });
}
