// A new chat's title, made in the page from the first message's plain text: the gateway would make it
// from the text as typed, Markdown marks and all ("Here is a **bold** summary with a [link…").

import { plainText } from './markdown.js';

/** White space folded, at most `maxLength` characters, cut at a word boundary: as the gateway cuts its titles. */
export function chatTitle(text, maxLength) {
  const plain = plainText(text).trim().replace(/\s+/g, ' ');
  const folded = plain === '' ? text.trim().replace(/\s+/g, ' ') : plain;
  const chars = Array.from(folded);
  if (chars.length <= maxLength) return folded;
  const room = maxLength - 1; // one character is kept for the ellipsis
  const head = chars.slice(0, room).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = chars[room] === ' ' || lastSpace <= 0 ? head : head.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}
