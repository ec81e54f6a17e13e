import { Money } from '../money/money.value-object';
import { Refund } from '../refund/refund.entity';
import { invalidAmount, invalidCurrency, invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { applied, duplicate, type PaymentDecision } from './payment-decision';
import { paymentEvent, refundSubject } from './payment-event-data';
import { isCapturedStatus, nextPaymentStatus } from './payment-status';
import type { RefundProcessingInput, RefundResultInput, RequestRefundInput } from './payment-transaction.inputs';
import type { PaymentTransactionState } from './payment.snapshot';
import { refundExceedsRefundable, refundNotFound, sourceRefundIdReused } from './payment.errors';

// The refund ledger of a payment: what was captured, what refunds hold, and the deciders that move refunds.
// The invariant: requested + processing + succeeded refunds never exceed the captured amount.

/** The amount captured from the customer: the payment's amount once captured, zero before. */
export function capturedAmount(state: PaymentTransactionState): Money {
  return isCapturedStatus(state.status) ? state.amount : Money.zero(state.amount.currency);
}

/** The sum of refunds that hold funds: requested, processing or succeeded. */
export function reservedForRefunds(state: PaymentTransactionState): Money {
  return sum(state, (r) => r.holdsFunds());
}

/** The sum of refunds the gateway confirmed. */
export function refundedAmount(state: PaymentTransactionState): Money {
  return sum(state, (r) => r.status === 'SUCCEEDED');
}

/** What may still be refunded: captured minus every refund that holds funds. */
export function refundableAmount(state: PaymentTransactionState): Money {
  return capturedAmount(state).subtract(reservedForRefunds(state));
}

/** The refund with this id, if it belongs to the payment. */
export function findRefund(state: PaymentTransactionState, refundId: string): Refund | undefined {
  return state.refunds.find((r) => r.id === refundId);
}

/** What `decideRequestRefund` concluded, with the refund it is about. */
export interface RefundRequestDecision extends PaymentDecision {
  readonly refund: Refund;
}

/**
 * Records a refund and reserves its amount. A repeated `sourceRefundId` returns the existing refund (whatever
 * its status: a failed one stays failed; the caller retries under a new id) unless the amount differs
 * (IDEMPOTENCY_KEY_REUSED). It is checked before the payment's status, so a replay still answers after the
 * first refund made the payment REFUNDED.
 */
export function decideRequestRefund(
  state: PaymentTransactionState,
  input: RequestRefundInput,
): Result<RefundRequestDecision> {
  const sourceRefundId = input.sourceRefundId ?? null;
  const existing = sourceRefundId === null ? undefined : state.refunds.find((r) => r.sourceRefundId === sourceRefundId);
  if (existing && sourceRefundId !== null) {
    if (!existing.amount.equals(input.amount)) return failure(sourceRefundIdReused(sourceRefundId, existing.id));
    return success({ ...duplicate(state), refund: existing });
  }
  // A fully refunded payment has nothing left to refund: that, not its state, is what the caller needs to hear.
  if (state.status === 'REFUNDED') return failure(refundExceedsRefundable(input.amount, refundableAmount(state)));
  if (state.status !== 'SUCCEEDED' && state.status !== 'PARTIALLY_REFUNDED') {
    return failure(invalidStateTransition('payment', state.status, 'REQUEST_REFUND', { transactionId: state.id }));
  }
  if (input.amount.currency !== state.amount.currency) {
    return failure(invalidCurrency(state.amount.currency, input.amount.currency));
  }
  if (!input.amount.isPositive()) {
    return failure(invalidAmount('A refund amount must be positive', { amount: input.amount.minorUnits.toString() }));
  }
  const remaining = refundableAmount(state);
  if (input.amount.compare(remaining) > 0) return failure(refundExceedsRefundable(input.amount, remaining));
  if (findRefund(state, input.refundId)) throw new Error(`Payment ${state.id} already has a refund ${input.refundId}`);

  const refund = Refund.request({
    id: input.refundId,
    amount: input.amount,
    reason: input.reason,
    sourceRefundId,
    gatewayRequestId: input.gatewayRequestId,
    initiatedByUserId: input.initiatedByUserId ?? null,
    now: input.now,
  });
  const next = { ...state, refunds: [...state.refunds, refund] };
  const event = paymentEvent('RefundRequested', next, input.now, {
    ...refundSubject(next, refund),
    reason: refund.reason,
    initiatedByUserId: refund.initiatedByUserId,
    remainingRefundable: refundableAmount(next).minorUnits.toString(),
  });
  return success({ ...applied(next, [event]), refund });
}

/** The refund was sent to the gateway. Recording it twice changes nothing. No event: nobody consumes one. */
export function decideRefundProcessing(
  state: PaymentTransactionState,
  input: RefundProcessingInput,
): Result<PaymentDecision> {
  const refund = findRefund(state, input.refundId);
  if (!refund) return failure(refundNotFound(state.id, input.refundId));
  if (refund.status === 'PROCESSING') return success(duplicate(state));
  const submitted = refund.submitted(input.gatewayRefundId ?? null, input.now);
  if (!submitted.ok) return submitted;
  return success(applied(withRefund(state, submitted.value)));
}

/**
 * The gateway's final answer about a refund. Success moves the payment to PARTIALLY_REFUNDED, or REFUNDED once
 * succeeded refunds cover the whole amount; failure frees the refund's amount. The same answer again is a
 * DUPLICATE; the opposite answer after a final one is refused.
 */
export function decideRefundResult(state: PaymentTransactionState, input: RefundResultInput): Result<PaymentDecision> {
  const refund = findRefund(state, input.refundId);
  if (!refund) return failure(refundNotFound(state.id, input.refundId));
  if (isSameRefundOutcome(refund, input)) return success(duplicate(state));

  if (input.outcome === 'failed') {
    const failureReason = input.reason ?? 'The gateway refused the refund';
    const failed = refund.failed(failureReason, input.now);
    if (!failed.ok) return failed;
    const next = withRefund(state, failed.value);
    const event = paymentEvent('RefundFailed', next, input.now, {
      ...refundSubject(next, failed.value),
      failureReason,
      remainingRefundable: refundableAmount(next).minorUnits.toString(),
    });
    return success(applied(next, [event]));
  }

  const succeeded = refund.succeeded(input.gatewayRefundId, input.now);
  if (!succeeded.ok) return succeeded;
  const withSucceeded = withRefund(state, succeeded.value);
  const refunded = refundedAmount(withSucceeded);
  const change = nextPaymentStatus(
    state.status,
    refunded.equals(state.amount) ? 'REFUNDED_FULLY' : 'REFUNDED_PARTIALLY',
  );
  if (!change.ok) return change;
  const next = { ...withSucceeded, status: change.value.to };
  const paymentStatus = next.status === 'REFUNDED' ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  const event = paymentEvent('RefundProcessed', next, input.now, {
    ...refundSubject(next, succeeded.value),
    gatewayRefundId: succeeded.value.gatewayRefundId,
    refundedAmount: refunded.minorUnits.toString(),
    remainingRefundable: refundableAmount(next).minorUnits.toString(),
    paymentStatus,
  });
  return success(applied(next, [event]));
}

// A success is the same only with the same gateway refund id (or none known): another id would be another refund.
function isSameRefundOutcome(refund: Refund, input: RefundResultInput): boolean {
  if (input.outcome === 'failed') return refund.status === 'FAILED';
  return (
    refund.status === 'SUCCEEDED' &&
    (input.gatewayRefundId === null ||
      refund.gatewayRefundId === null ||
      refund.gatewayRefundId === input.gatewayRefundId)
  );
}

function withRefund(state: PaymentTransactionState, refund: Refund): PaymentTransactionState {
  return { ...state, refunds: state.refunds.map((r) => (r.id === refund.id ? refund : r)) };
}

function sum(state: PaymentTransactionState, counts: (refund: Refund) => boolean): Money {
  return state.refunds.filter(counts).reduce((total, r) => total.add(r.amount), Money.zero(state.amount.currency));
}
