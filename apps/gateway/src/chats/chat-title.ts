export const DEFAULT_CHAT_TITLE = 'New Chat';
export const MAX_CHAT_TITLE_LENGTH = 100;

/** A title needs generating when the client sent none or still has the placeholder. */
export function needsTitle(title: string | undefined): boolean {
  return title === undefined || title.trim() === '' || title.trim() === DEFAULT_CHAT_TITLE;
}

/** A chat title from the first message: white space folded, at most 100 characters, cut at a word boundary. */
export function titleFromText(text: string): string {
  const folded = text.trim().replace(/\s+/g, ' ');
  const chars = Array.from(folded);
  if (chars.length <= MAX_CHAT_TITLE_LENGTH) return folded;
  const room = MAX_CHAT_TITLE_LENGTH - 1; // one character is kept for the ellipsis
  const head = chars.slice(0, room).join('');
  const endsOnWord = chars[room] === ' ';
  const lastSpace = head.lastIndexOf(' ');
  const cut = endsOnWord || lastSpace <= 0 ? head : head.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}
