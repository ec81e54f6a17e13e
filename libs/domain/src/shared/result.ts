import type { DomainError } from './domain-error';

/** Outcome of a domain operation that can fail for a business reason. */
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

/** A successful result. */
export const success = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** A failed result. */
export const failure = <E>(error: E): Result<never, E> => ({ ok: false, error });
