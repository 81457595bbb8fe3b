import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The languages the page highlights (highlight.js names; the page maps their usual aliases to these). */
export const HIGHLIGHTED_LANGUAGES = [
  'bash',
  'c',
  'cpp',
  'css',
  'diff',
  'go',
  'java',
  'javascript',
  'json',
  'markdown',
  'python',
  'rust',
  'sql',
  'typescript',
  'xml',
  'yaml',
] as const;

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
  /** highlight.js' core (76 KB), as an ES module: the package ships it as CommonJS only. */
  highlightCore: string;
  /** Each highlighted language's grammar, an ES module of its own (0.3 to 21 KB), loaded only when a code block asks for it. */
  highlightLanguages: ReadonlyMap<string, string>;
}

export function readPageLibraries(): PageLibraries {
  const highlight = dirname(resolve('highlight.js'));
  return {
    marked: readFileSync(join(dirname(resolve('marked')), 'marked.esm.js'), 'utf8'),
    dompurify: readFileSync(join(dirname(resolve('dompurify')), 'purify.min.js'), 'utf8'),
    highlightCore: asEsModule(readFileSync(join(highlight, 'core.js'), 'utf8')),
    highlightLanguages: new Map(
      HIGHLIGHTED_LANGUAGES.map((name) => [name, readFileSync(join(highlight, '..', 'es', 'languages', `${name}.js`), 'utf8')]),
    ),
  };
}

/** The package's main file; its browser builds sit in the same folder. */
function resolve(name: string): string {
  // Node's own resolver, from where this code runs (the bundler would replace a plain require.resolve).
  return createRequire(__filename).resolve(name);
}

/** A CommonJS file that requires nothing, as an ES module whose default export is its `module.exports`. */
function asEsModule(commonJs: string): string {
  return `const module = { exports: {} };\n${commonJs}\nexport default module.exports;\n`;
}
