/**
 * The seq of the last word a reconnecting client has, from the `Last-Event-ID` header or the
 * `lastEventId` query parameter: 0 when absent, null when it is not a whole number.
 */
export function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}
