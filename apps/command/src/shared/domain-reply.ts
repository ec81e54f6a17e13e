import { fail, type ErrorCode, type Reply } from '@ppm/contracts';
import type { DomainError, DomainErrorCode } from '@ppm/domain';

/**
 * The contract's code of each domain code. A `Record` over the domain's union, so a code added to the domain does
 * not compile until it is given its contract code here.
 */
const CONTRACT_CODE_OF: Readonly<Record<DomainErrorCode, ErrorCode>> = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_CURRENCY: 'INVALID_CURRENCY',
  UNSUPPORTED_PAYMENT_METHOD: 'UNSUPPORTED_PAYMENT_METHOD',
  UNSUPPORTED_CURRENCY: 'UNSUPPORTED_CURRENCY',
  REFUND_NOT_FOUND: 'REFUND_NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  INVALID_STATE_TRANSITION: 'INVALID_STATE_TRANSITION',
  REFUND_EXCEEDS_REFUNDABLE: 'REFUND_EXCEEDS_REFUNDABLE',
  MANUAL_REFUND_REQUIRED: 'MANUAL_REFUND_REQUIRED',
  GATEWAY_INACTIVE: 'GATEWAY_INACTIVE',
  AMOUNT_MISMATCH: 'AMOUNT_MISMATCH',
  DUPLICATE_SOURCE_TRANSACTION: 'DUPLICATE_SOURCE_TRANSACTION',
  CONCURRENT_MODIFICATION: 'CONCURRENT_MODIFICATION',
  GATEWAY_CONFIG_NAME_TAKEN: 'GATEWAY_CONFIG_NAME_TAKEN',
};

/** A domain refusal as the contract's failed reply. */
export function domainFailure<T = never>(error: DomainError): Reply<T> {
  return fail(CONTRACT_CODE_OF[error.code], error.message, error.details);
}
