/** Where a reconnecting client resumes, or what is wrong with what it said. */
export type ResumePoint = { after: number } | { problem: string };

/**
 * The seq of the last word a reconnecting client has, from the `Last-Event-ID` header (every value of
 * it, as headerValues reads them) or else the `lastEventId` query parameter (as Express
 * parses it: a string, an array when repeated, an object for `lastEventId[x]=`): 0 when absent.
 * `queryName` is the parameter's name, for the words of a problem.
 */
export function resumePoint(headerValues: string[] | undefined, queryValue: unknown, queryName = 'lastEventId'): ResumePoint {
  const [name, given] = headerValues !== undefined ? ['Last-Event-ID', headerValues] : [queryName, queryValues(queryValue)];
  if (given.length === 0) return { after: 0 };
  if (given.length > 1) return { problem: `${name} must be given once` };
  const value = given[0];
  if (typeof value !== 'string' || !/^\s*\d{0,15}\s*$/.test(value))
    return { problem: `${name} must be a whole number (the seq of a word)` };
  return { after: Number(value.trim()) };
}

function queryValues(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
