// Answers are Markdown: rendered with marked, then sanitised with DOMPurify (both served by the gateway
// itself, from /static/vendor). HTML in the text is shown as text, never parsed: a generator, or a user
// whose message is echoed, cannot put elements on the page.

import { Marked } from '../vendor/marked/marked.esm.js';
// DOMPurify's minified build is a UMD script only; run as a module, it sets globalThis.DOMPurify.
import '../vendor/dompurify/purify.min.js';

const { DOMPurify } = globalThis;

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // An image would load from wherever the text says; it is shown as its Markdown instead.
    image: ({ raw }) => escapeHtml(raw),
  },
});

const SANITIZE = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'hr',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'input',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align', 'type', 'checked', 'disabled'],
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  // Task list boxes show a state; they are not controls.
  if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') node.remove();
});

/** Each block finds its own direction: a Hebrew list item in an answer that begins in English reads right to left. */
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, th, td';

/** Replaces the element's content with `text` rendered as Markdown. */
export function renderMarkdown(element, text) {
  element.innerHTML = DOMPurify.sanitize(markdown.parse(text), SANITIZE);
  for (const block of element.querySelectorAll(BLOCKS)) block.dir = 'auto';
}

/** The text as a reader sees it once rendered: Markdown's marks taken out (for a title, say). */
export function plainText(text) {
  return DOMPurify.sanitize(markdown.parse(text), { ...SANITIZE, RETURN_DOM: true }).textContent;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
