/**
 * Whether `text` has more than `max` characters. Message limits count characters (code points), as a
 * person does, not UTF-16 units: an emoji is one. Stops counting at the limit.
 */
export function longerThan(text: string, max: number): boolean {
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}
