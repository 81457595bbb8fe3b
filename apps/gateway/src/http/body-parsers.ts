import { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_BODY_BYTES } from './body-limits';
import { refuseDeepJson } from './json-depth';

/**
 * JSON and url-encoded bodies, up to MAX_BODY_BYTES each (413 beyond). An empty JSON body counts as
 * no body, as in the original API: a client that always sends `Content-Type: application/json` can
 * still start a chat without one. JSON nested too deep is refused before it is parsed. Multipart
 * bodies are read by the route that takes them.
 */
export function acceptJsonAndFormBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, verify: refuseDeepJson });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false });
}
