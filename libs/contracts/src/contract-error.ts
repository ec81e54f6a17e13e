import type { ErrorCode } from './error-codes';

/**
 * A failure with a contract code, thrown at an edge (validation) and turned into the `{ success: false, error }`
 * reply by the NATS error filter. Business outcomes are returned as replies, not thrown.
 */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}
