/**
 * Opaque keyset cursors of the list queries: base64url of a small JSON array of the last row's sort key,
 * checked against the shape each query expects (a cursor from elsewhere is refused, never half-used).
 */
export function encodePageCursor(key: readonly (string | number | boolean)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key, or null when the text is not a cursor whose parts pass `checks` (one per part). */
export function decodePageCursor(
  text: string,
  checks: readonly ((part: unknown) => boolean)[],
): (string | number | boolean)[] | null {
  try {
    const key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(key) || key.length !== checks.length) return null;
    return checks.every((check, i) => check(key[i])) ? (key as (string | number | boolean)[]) : null;
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cursor part checks. */
export const isUuidPart = (part: unknown): boolean => typeof part === 'string' && UUID.test(part);
export const isDatePart = (part: unknown): boolean => typeof part === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(part);
export const isMicrosecondTimePart = (part: unknown): boolean =>
  typeof part === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(part);
export const isIntegerPart = (part: unknown): boolean => Number.isSafeInteger(part);
export const isBooleanPart = (part: unknown): boolean => typeof part === 'boolean';
