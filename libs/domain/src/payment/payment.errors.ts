import type { Money } from '../money/money.value-object';
import { DomainError } from '../shared/domain-error';
import { DomainErrorCode } from '../shared/domain-error-codes';

/**
 * A gateway reported an amount other than the transaction's. The result is refused and nothing
 * changes; the worker answers with the gateway's invalid-amount reply and flags the stored webhook.
 */
export function amountMismatch(expected: Money, reported: Money): DomainError {
  return new DomainError(DomainErrorCode.AMOUNT_MISMATCH, 'The gateway reported an amount other than the payment’s', {
    expected: expected.minorUnits.toString(),
    expectedCurrency: expected.currency,
    reported: reported.minorUnits.toString(),
    reportedCurrency: reported.currency,
  });
}

/** A refund larger than what is still refundable. Amounts are decimal strings of minor units. */
export function refundExceedsRefundable(requested: Money, remainingRefundable: Money): DomainError {
  return new DomainError(
    DomainErrorCode.REFUND_EXCEEDS_REFUNDABLE,
    'The refund exceeds the amount still refundable on this payment',
    {
      requested: requested.minorUnits.toString(),
      remainingRefundable: remainingRefundable.minorUnits.toString(),
      currency: requested.currency,
    },
  );
}

/** No refund with this id belongs to the payment. */
export function refundNotFound(transactionId: string, refundId: string): DomainError {
  return new DomainError(DomainErrorCode.REFUND_NOT_FOUND, 'No such refund on this payment', {
    transactionId,
    refundId,
  });
}

/** A caller reused its `sourceRefundId` for a refund of another amount. */
export function sourceRefundIdReused(sourceRefundId: string, existingRefundId: string): DomainError {
  return new DomainError(
    DomainErrorCode.IDEMPOTENCY_KEY_REUSED,
    'This sourceRefundId was already used for a refund of another amount',
    { sourceRefundId, existingRefundId },
  );
}
