import type { DomainError } from '@ppm/domain';

/**
 * Thrown inside a repository's transaction to roll it back with a business refusal (e.g. a stale version);
 * caught by the same repository and returned as a `Result` failure. Never escapes a repository.
 */
export class WriteRefused extends Error {
  constructor(readonly refusal: DomainError) {
    super(refusal.message);
    this.name = 'WriteRefused';
  }
}
