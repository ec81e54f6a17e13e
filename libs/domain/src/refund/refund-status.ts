import { assertNever } from '../shared/assert-never';

/** Every status of a refund: REQUESTED (recorded, not yet at the gateway), PROCESSING (sent), then final. */
export const REFUND_STATUSES = ['REQUESTED', 'PROCESSING', 'SUCCEEDED', 'FAILED'] as const;

/** The status of a refund. */
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A fact about a refund: sent to the gateway, or the gateway's final answer. */
export type RefundStatusTrigger = 'SUBMITTED' | 'SUCCEEDED' | 'FAILED';

/**
 * The refund state machine as a pure decider: REQUESTED → PROCESSING; REQUESTED | PROCESSING → SUCCEEDED | FAILED
 * (synchronous gateways answer before we could record PROCESSING). Final states accept nothing; `null` means the
 * trigger is refused. A refund that failed and then reports success is refused too: that money is settled by
 * reconciliation, because re-reserving it could exceed what is still refundable.
 */
export function nextRefundStatus(from: RefundStatus, trigger: RefundStatusTrigger): RefundStatus | null {
  switch (from) {
    case 'REQUESTED':
      return trigger === 'SUBMITTED' ? 'PROCESSING' : trigger;
    case 'PROCESSING':
      return trigger === 'SUBMITTED' ? null : trigger;
    case 'SUCCEEDED':
    case 'FAILED':
      return null;
    default:
      return assertNever(from, 'refund status');
  }
}

/** Whether a refund in this status holds part of the captured amount (every status but FAILED does). */
export function refundHoldsFunds(status: RefundStatus): boolean {
  return status !== 'FAILED';
}
