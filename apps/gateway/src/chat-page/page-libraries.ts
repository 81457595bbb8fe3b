import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The one file of each browser library the chat page imports, from the npm package it comes in (no
 * CDN), so that `npm install` updates it with everything else. Read once at start: no request reaches
 * node_modules, so no answer can tell anything of it.
 */
export interface PageLibraries {
  /** The Markdown parser: marked's browser build, an ES module, minified. */
  marked: string;
  /** The sanitiser: DOMPurify's minified build, a UMD script that sets globalThis.DOMPurify. */
  dompurify: string;
}

export function readPageLibraries(): PageLibraries {
  return { marked: readBesideMain('marked', 'marked.esm.js'), dompurify: readBesideMain('dompurify', 'purify.min.js') };
}

/** A file in the folder of the package's main file: the one its browser builds sit in. */
function readBesideMain(name: string, file: string): string {
  // Node's own resolver, from where this code runs (the bundler would replace a plain require.resolve).
  return readFileSync(join(dirname(createRequire(__filename).resolve(name)), file), 'utf8');
}
