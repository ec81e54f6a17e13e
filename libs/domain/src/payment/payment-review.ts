import { invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { applied, type PaymentDecision } from './payment-decision';
import { paymentEvent, paymentSubject } from './payment-event-data';
import { nextPaymentStatus } from './payment-status';
import type { ExpireReviewInput, HoldForReviewInput, ReviewInput } from './payment-transaction.inputs';
import type { PaymentTransactionState } from './payment.snapshot';

/** Why a rejected payment was cancelled, when the operator wrote no note. */
export const REJECTED_IN_REVIEW = 'REJECTED_IN_REVIEW';

/**
 * The risk rules hold a new payment for review: PENDING → PENDING_REVIEW with `PaymentHeldForReview`, which carries
 * the decision. Only before any gateway attempt: a payment with an order in flight is past any review.
 */
export function decideHoldForReview(
  state: PaymentTransactionState,
  input: HoldForReviewInput,
): Result<PaymentDecision> {
  if (state.attempts.length > 0) {
    return failure(
      invalidStateTransition('payment', state.status, 'HELD_FOR_REVIEW', {
        transactionId: state.id,
        reason: 'the payment already went to its gateway',
      }),
    );
  }
  const change = nextPaymentStatus(state.status, 'HELD_FOR_REVIEW');
  if (!change.ok) return change;
  const next = { ...state, status: change.value.to };
  return success(
    applied(next, [
      paymentEvent('PaymentHeldForReview', next, input.now, {
        ...paymentSubject(next),
        rulesHit: input.rulesHit,
        ruleSetVersion: input.ruleSetVersion,
        customerRef: next.customerRef,
      }),
    ]),
  );
}

/**
 * An operator's answer to a payment in PENDING_REVIEW: APPROVE → PENDING (`PaymentReviewApproved`; the caller
 * opens the gateway order next, and the payment's expiry starts again from the approval, as long as the caller
 * first gave it, so the customer gets the time to pay the caller asked for), REJECT → CANCELLED (`PaymentCancelled` by the OPERATOR). A payment no longer in
 * review is refused with INVALID_STATE_TRANSITION (a retried request replays its first reply through its
 * idempotency key instead).
 */
export function decideReview(state: PaymentTransactionState, input: ReviewInput): Result<PaymentDecision> {
  const approve = input.decision === 'APPROVE';
  const change = nextPaymentStatus(state.status, approve ? 'REVIEW_APPROVED' : 'CANCELLED');
  if (!change.ok || state.status !== 'PENDING_REVIEW') {
    const attempted = approve ? 'REVIEW_APPROVED' : 'REVIEW_REJECTED';
    return failure(invalidStateTransition('payment', state.status, attempted, { transactionId: state.id }));
  }
  const subject = paymentSubject(state);
  if (approve) {
    const window = state.expiresAt.getTime() - state.createdAt.getTime();
    const next = { ...state, status: change.value.to, expiresAt: new Date(input.now.getTime() + window) };
    return success(
      applied(next, [
        paymentEvent('PaymentReviewApproved', next, input.now, {
          ...subject,
          reviewedBy: input.reviewedBy,
          note: input.note,
        }),
      ]),
    );
  }
  const next = { ...state, status: change.value.to, completedAt: input.now };
  return success(
    applied(next, [
      paymentEvent('PaymentCancelled', next, input.now, {
        ...subject,
        reason: input.note ?? REJECTED_IN_REVIEW,
        cancelledBy: 'OPERATOR',
      }),
    ]),
  );
}

/**
 * Expires a payment left in PENDING_REVIEW for `reviewTimeoutMs` since it was created (our schedule): EXPIRED with
 * `PaymentExpired`. Refused with INVALID_STATE_TRANSITION before that time or out of review.
 */
export function decideExpireReview(state: PaymentTransactionState, input: ExpireReviewInput): Result<PaymentDecision> {
  const deadline = new Date(state.createdAt.getTime() + input.reviewTimeoutMs);
  const change = nextPaymentStatus(state.status, 'EXPIRED');
  if (!change.ok || state.status !== 'PENDING_REVIEW' || input.now.getTime() < deadline.getTime()) {
    return failure(
      invalidStateTransition('payment', state.status, 'REVIEW_EXPIRED', {
        transactionId: state.id,
        reviewDeadline: deadline.toISOString(),
      }),
    );
  }
  const next = { ...state, status: change.value.to, completedAt: input.now };
  return success(
    applied(next, [
      paymentEvent('PaymentExpired', next, input.now, {
        ...paymentSubject(next),
        expiresAt: deadline.toISOString(),
        expiredBy: 'SCHEDULE',
      }),
    ]),
  );
}
