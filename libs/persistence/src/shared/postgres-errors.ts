import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** The name of the unique constraint (or unique index) `error` violated, or null if it is another error. */
export function violatedUniqueConstraint(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  return driverError.code === UNIQUE_VIOLATION && typeof driverError.constraint === 'string'
    ? driverError.constraint
    : null;
}

/**
 * Whether Postgres refused `error`'s statement for the data it carried (SQLSTATE class 22, data exception, or 23,
 * integrity constraint violation), not because the server or the connection failed.
 */
export function refusedForItsData(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its canonical text form (anything else would make Postgres throw on a uuid column). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
