/** A message body as a JSON object, or null when it is not JSON or not an object. */
export function parseJsonObject(content: Buffer | string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(content.toString());
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
