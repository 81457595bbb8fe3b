import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * The browser libraries the chat page imports, served by the gateway itself (no CDN) from the npm
 * packages they come in, so that `npm install` updates them with everything else.
 */
export const PAGE_LIBRARIES = [
  // The Markdown parser: each answer is rendered with it.
  { serveRoot: '/static/vendor/marked', directory: () => packageDirectory('marked') },
  // The sanitiser the rendered HTML passes before it reaches the page.
  { serveRoot: '/static/vendor/dompurify', directory: () => packageDirectory('dompurify') },
];

/** The folder of the package's main file: the one its browser builds sit in. */
function packageDirectory(name: string): string {
  // Node's own resolver, from where this code runs (the bundler would replace a plain require.resolve).
  return dirname(createRequire(__filename).resolve(name));
}
