/** Position after the last item of a page: its creation time (to the microsecond, as Postgres stores it) and id. */
export interface TransactionCursor {
  createdAt: string;
  id: string;
}

const MICROSECOND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opaque to callers (base64url of a small JSON). The time keeps Postgres's microseconds: a JavaScript Date would
 * round them to milliseconds and the next page would skip or repeat rows created within the same millisecond.
 */
export function encodeCursor(cursor: TransactionCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).toString('base64url');
}

/** The cursor, or null when it is not one this service made. */
export function decodeCursor(text: string): TransactionCursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (typeof value.c !== 'string' || !MICROSECOND_TIME.test(value.c)) return null;
    if (typeof value.i !== 'string' || !UUID.test(value.i)) return null;
    return { createdAt: value.c, id: value.i };
  } catch {
    return null;
  }
}
