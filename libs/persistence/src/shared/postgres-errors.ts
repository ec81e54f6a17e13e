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

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/**
 * Whether `error` says the database could not be reached (refused or dropped connection, server shutting down or
 * starting, SQLSTATE class 08): the request may succeed once it is back, so callers are told to retry.
 */
export function databaseUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  // node-postgres reports a dropped connection and an exhausted connect wait by message only. Anything else with
  // "timeout" in it (statement or lock timeouts) is the request's own failure.
  return (
    typeof message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
      message,
    )
  );
}
