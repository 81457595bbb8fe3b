import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet's headers on every response, the event streams included: a Content-Security-Policy under which
 * the chat page and Swagger UI work (scripts and styles from this origin only; Swagger UI sets inline
 * styles and shows data: images), no framing by any site, nosniff, and no referrer sent elsewhere.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // Cross-origin isolation would refuse the fonts and images Swagger UI loads; nothing here needs it.
    crossOriginEmbedderPolicy: false,
  });
}
