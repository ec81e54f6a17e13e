import { fail, type ErrorCode, type Reply } from '@ppm/contracts';
import type { DomainError } from '@ppm/domain';

/** A domain refusal as the contract's failed reply (the domain's codes are the contract's). */
export function domainFailure<T = never>(error: DomainError): Reply<T> {
  return fail(error.code as ErrorCode, error.message, error.details);
}
