import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import { decodePageCursor, isMicrosecondTimePart, isUuidPart } from './page-cursor';

/**
 * One page of a keyset query that fetched `limit + 1` rows: the first `limit`, and the cursor after the last of them
 * when the extra row shows there is more.
 */
export function keysetPage<R>(
  rows: readonly R[],
  limit: number,
  cursorAfter: (last: R) => string,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null };
}

/** A VALIDATION_ERROR naming one field of the request and what is wrong with it. */
export function invalidField(field: string, problem: string): Reply<never> {
  return fail(ErrorCode.VALIDATION_ERROR, `Invalid request: ${field}`, { fields: [{ field, problems: [problem] }] });
}

/** Where a list sorted newest first by (time, id) resumes: after the row its cursor names, or from the top. */
export type NewestFirstStart = { after: readonly [time: string, id: string] | null } | { refusal: Reply<never> };

/**
 * Reads a newest-first list's request: its cursor (a `nextCursor` of such a list) and, when it has them, its
 * `from`/`to` window; refused when the cursor is not one of ours or the window ends before it starts.
 */
export function newestFirstStart(request: { cursor?: string; from?: string; to?: string }): NewestFirstStart {
  if (request.from && request.to && Date.parse(request.from) > Date.parse(request.to)) {
    return { refusal: invalidField('data.from', 'from must not be after to') };
  }
  if (request.cursor === undefined) return { after: null };
  const key = decodePageCursor(request.cursor, [isMicrosecondTimePart, isUuidPart]);
  if (!key) return { refusal: invalidField('data.cursor', 'cursor must be the nextCursor of a previous page') };
  return { after: [String(key[0]), String(key[1])] };
}
