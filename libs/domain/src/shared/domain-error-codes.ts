/**
 * The error codes the domain returns. Each has a contract code (`@ppm/contracts`' `ErrorCode`, which the domain
 * may not import); the command service maps them by a table the compiler checks is complete. One of them:
 *
 * - `AMOUNT_MISMATCH` — a gateway reported an amount other than the transaction's ("refused and
 *   flagged"). It never reaches a NATS caller as a reply to its own command: the worker answers the gateway with
 *   that gateway's invalid-amount reply, flags the stored webhook and alerts. At the edge it maps to 422.
 */
export const DomainErrorCode = {
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
} as const;

/** One of the codes a `DomainError` returned by this library carries. */
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];
