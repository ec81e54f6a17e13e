import type { DomainErrorCode } from './domain-error-codes';

/**
 * An expected business failure with a stable code of the contract. Returned inside a `Result`, not
 * thrown across layers, and mapped to a reply or an HTTP status at the edge.
 */
export class DomainError {
  constructor(
    readonly code: DomainErrorCode,
    readonly message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {}
}
