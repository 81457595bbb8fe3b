// Syntax highlighting with highlight.js, served by the gateway from its npm package. Loaded only when
// the first code block shows up, and then only its core (76 KB) and the grammar that block asks for
// (0.3 to 21 KB each): most chats never need it.

const VENDOR = '../vendor/highlight';

/** The grammars served, each with the names a code fence may give it. */
const ALIASES = {
  bash: ['bash', 'sh', 'shell', 'zsh', 'console'],
  c: ['c', 'h'],
  cpp: ['cpp', 'c++', 'cc', 'cxx', 'hpp'],
  css: ['css'],
  diff: ['diff', 'patch'],
  go: ['go', 'golang'],
  java: ['java'],
  javascript: ['javascript', 'js', 'jsx', 'mjs', 'cjs'],
  json: ['json'],
  markdown: ['markdown', 'md'],
  python: ['python', 'py'],
  rust: ['rust', 'rs'],
  sql: ['sql'],
  typescript: ['typescript', 'ts', 'tsx'],
  xml: ['xml', 'html', 'svg', 'xhtml'],
  yaml: ['yaml', 'yml'],
};
const GRAMMARS = new Map(Object.entries(ALIASES).flatMap(([grammar, names]) => names.map((name) => [name, grammar])));

let core = null;
/** grammar → the promise of its registration. */
const loading = new Map();

/** Highlights the code blocks in `element` whose language is served: at once when loaded, else once it is. */
export function highlightCodeBlocks(element) {
  for (const code of element.querySelectorAll('pre > code')) {
    const grammar = GRAMMARS.get(languageOf(code));
    if (grammar === undefined) continue;
    if (core?.getLanguage(grammar)) highlight(code, grammar);
    else void load(grammar).then(() => code.isConnected && highlight(code, grammar));
  }
}

/** The language a code fence names (```js), lower case; '' when it names none. */
export function languageOf(code) {
  return /(?:^|\s)language-(\S+)/.exec(code.className)?.[1].toLowerCase() ?? '';
}

function load(grammar) {
  if (!loading.has(grammar)) {
    const registered = Promise.all([import(`${VENDOR}/core.js`), import(`${VENDOR}/languages/${grammar}.js`)]).then(
      ([{ default: hljs }, { default: language }]) => {
        core = hljs;
        hljs.registerLanguage(grammar, language);
      },
    );
    // A failed load (offline, say) leaves the code plain, and is tried again with the next block.
    registered.catch(() => loading.delete(grammar));
    loading.set(grammar, registered);
  }
  return loading.get(grammar);
}

function highlight(code, grammar) {
  if (code.dataset.highlighted === grammar) return;
  const { value } = core.highlight(code.textContent, { language: grammar, ignoreIllegals: true });
  // highlight.js escapes the code it is given; sanitised still, so that nothing but its spans gets in.
  code.innerHTML = globalThis.DOMPurify.sanitize(value, { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'] });
  code.classList.add('hljs');
  code.dataset.highlighted = grammar;
}
