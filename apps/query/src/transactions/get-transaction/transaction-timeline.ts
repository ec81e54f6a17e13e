import type { TimelineEntry, TransactionView } from '@ppm/contracts';
import { CAPTURED_STATUSES, CLOSED_WITHOUT_CAPTURE_STATUSES } from '@ppm/domain';

const CAPTURED = new Set<string>(CAPTURED_STATUSES);
const CLOSED_WITHOUT_CAPTURE = new Set<string>(CLOSED_WITHOUT_CAPTURE_STATUSES);

/**
 * The status changes of a payment, derived from what the read model stores (there is no status history table):
 * 1. PENDING at `createdAt` (CREATED); held by the risk rules, PENDING_REVIEW at once (HELD_FOR_REVIEW), then as
 *    the operator answered: PENDING again (REVIEW_APPROVED) or CANCELLED (REVIEW_REJECTED) at `reviewedAt`.
 * 2. Each create-order attempt in order: one that SUCCEEDED moved the payment to PROCESSING at its `completedAt`
 *    (GATEWAY_ORDER_CREATED), one that TIMED_OUT too (GATEWAY_ORDER_TIMED_OUT: outcome unknown, still in flight),
 *    one that FAILED moved it to FAILED (GATEWAY_ORDER_REFUSED); a PENDING attempt changed nothing yet.
 * 3. The outcome at `completedAt`: a captured payment (SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED) became SUCCEEDED
 *    (CAPTURED, or LATE_CAPTURED when the money came after PPM had closed it: that earlier closure is shown only
 *    if an attempt recorded it, since a late capture overwrites `completedAt`); FAILED, CANCELLED or EXPIRED
 *    not already shown became so (CLOSED).
 * 4. Each SUCCEEDED refund in the order the money went back (`refundDate`): PARTIALLY_REFUNDED until the refunds
 *    add up to the amount, then REFUNDED (REFUND_SUCCEEDED, with the refund's id).
 * 5. Should the stored status still differ from the last entry, it is added at `updatedAt` (UPDATED).
 * Entries are in the order the state machine took them, which is also time order unless clocks disagreed.
 */
export function statusTimeline(payment: Omit<TransactionView, 'timeline'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ status: 'PENDING', at: payment.createdAt, cause: 'CREATED' }];
  const current = (): string => entries[entries.length - 1].status;
  const add = (entry: TimelineEntry): void => {
    if (entry.status !== current() || entry.cause === 'REFUND_SUCCEEDED') entries.push(entry);
  };

  const risk = payment.riskDecision;
  if (risk?.action === 'REVIEW') {
    add({ status: 'PENDING_REVIEW', at: payment.createdAt, cause: 'HELD_FOR_REVIEW' });
    if (risk.review?.decision === 'APPROVE') {
      add({ status: 'PENDING', at: risk.review.reviewedAt, cause: 'REVIEW_APPROVED' });
    } else if (risk.review?.decision === 'REJECT') {
      add({ status: 'CANCELLED', at: risk.review.reviewedAt, cause: 'REVIEW_REJECTED' });
    }
  }

  for (const attempt of [...payment.attempts].sort((a, b) => a.attemptNumber - b.attemptNumber)) {
    if (!attempt.completedAt) continue;
    if (attempt.status === 'SUCCEEDED') {
      add({ status: 'PROCESSING', at: attempt.completedAt, cause: 'GATEWAY_ORDER_CREATED', attemptId: attempt.id });
    } else if (attempt.status === 'TIMED_OUT') {
      add({ status: 'PROCESSING', at: attempt.completedAt, cause: 'GATEWAY_ORDER_TIMED_OUT', attemptId: attempt.id });
    } else if (attempt.status === 'FAILED') {
      add({ status: 'FAILED', at: attempt.completedAt, cause: 'GATEWAY_ORDER_REFUSED', attemptId: attempt.id });
    }
  }

  const closedAt = payment.completedAt ?? payment.updatedAt;
  if (CAPTURED.has(payment.status)) {
    add({ status: 'SUCCEEDED', at: closedAt, cause: payment.lateCapture ? 'LATE_CAPTURED' : 'CAPTURED' });
  } else if (CLOSED_WITHOUT_CAPTURE.has(payment.status)) {
    add({ status: payment.status, at: closedAt, cause: 'CLOSED' });
  }

  if (CAPTURED.has(payment.status)) {
    const succeeded = payment.refunds
      .filter((refund) => refund.status === 'SUCCEEDED')
      .map((refund) => ({ refund, at: refund.refundDate ?? refund.updatedAt }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.refund.id.localeCompare(b.refund.id));
    let refunded = 0;
    for (const { refund, at } of succeeded) {
      refunded += refund.amount;
      const status = refunded >= payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      add({ status, at, cause: 'REFUND_SUCCEEDED', refundId: refund.id });
    }
  }

  if (current() !== payment.status) add({ status: payment.status, at: payment.updatedAt, cause: 'UPDATED' });
  return entries;
}
