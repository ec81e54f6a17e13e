import { ErrorCode, fail, type Reply } from '@ppm/contracts';

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
