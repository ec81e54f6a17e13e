import { assertNever } from '../shared/assert-never';
import type { DomainError } from '../shared/domain-error';
import { invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';

/** Every status a payment transaction can be in. */
export const PAYMENT_STATUSES = [
  'PENDING',
  'PENDING_REVIEW',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;

/** The status of a payment transaction. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A fact that may move a payment to another status:
 * - `GATEWAY_ORDER_CREATED` — the gateway accepted our create-order call and gave a payment URL.
 * - `GATEWAY_ORDER_TIMED_OUT` — the create-order call got no answer: the outcome is unknown, a sync will ask.
 * - `GATEWAY_ORDER_REFUSED` — the gateway refused the create-order call.
 * - `CAPTURE_REPORTED` / `FAILURE_REPORTED` — the gateway reported the customer's payment succeeded / failed.
 * - `CANCELLED` / `EXPIRED` — cancelled by the caller or the gateway; past its expiry (our job or the gateway).
 * - `REFUNDED_PARTIALLY` / `REFUNDED_FULLY` — a refund succeeded and refunds now cover part / all of the amount.
 * - `HELD_FOR_REVIEW` — the tenant's risk rules asked an operator to review the new payment before any gateway order.
 * - `REVIEW_APPROVED` — an operator approved it: it is PENDING again and its order may be opened. (A rejection is
 *   `CANCELLED`; a review left too long is `EXPIRED`.)
 */
export type PaymentStatusTrigger =
  | 'GATEWAY_ORDER_CREATED'
  | 'GATEWAY_ORDER_TIMED_OUT'
  | 'GATEWAY_ORDER_REFUSED'
  | 'CAPTURE_REPORTED'
  | 'FAILURE_REPORTED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'REFUNDED_PARTIALLY'
  | 'REFUNDED_FULLY'
  | 'HELD_FOR_REVIEW'
  | 'REVIEW_APPROVED';

/** Every trigger, for exhaustive checks in tests and tools. */
export const PAYMENT_STATUS_TRIGGERS: readonly PaymentStatusTrigger[] = [
  'GATEWAY_ORDER_CREATED',
  'GATEWAY_ORDER_TIMED_OUT',
  'GATEWAY_ORDER_REFUSED',
  'CAPTURE_REPORTED',
  'FAILURE_REPORTED',
  'CANCELLED',
  'EXPIRED',
  'REFUNDED_PARTIALLY',
  'REFUNDED_FULLY',
  'HELD_FOR_REVIEW',
  'REVIEW_APPROVED',
];

/** Where a trigger takes a payment. `lateCapture` marks money that moved after we had closed the payment. */
export interface PaymentStatusChange {
  readonly to: PaymentStatus;
  readonly lateCapture: boolean;
}

/**
 * The status changes the machine allows, as the payment lifecycle draws them, listed independently of the decider so
 * tests can hold one against the other. Two edges go beyond that drawing, both because money moved:
 * `PENDING → SUCCEEDED` (a capture reported before our PROCESSING commit landed) and the late captures
 * `FAILED | CANCELLED | EXPIRED → SUCCEEDED`. `PROCESSING → PROCESSING` (a retried create after a timeout) is not a
 * status change and so not listed.
 */
export const PAYMENT_STATUS_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  PENDING: ['PENDING_REVIEW', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'],
  PENDING_REVIEW: ['PENDING', 'CANCELLED', 'EXPIRED'],
  PROCESSING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'],
  SUCCEEDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  FAILED: ['SUCCEEDED'],
  CANCELLED: ['SUCCEEDED'],
  EXPIRED: ['SUCCEEDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  REFUNDED: [],
};

/** Statuses in which the customer's money has been captured (and so may be refunded, in part or in full). */
export const CAPTURED_STATUSES = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const satisfies PaymentStatus[];

/** Statuses in which we closed the payment without a capture; a capture reported now is a late capture. */
export const CLOSED_WITHOUT_CAPTURE_STATUSES = ['FAILED', 'CANCELLED', 'EXPIRED'] as const satisfies PaymentStatus[];

/** Statuses in which the payment's outcome at the gateway is still open. */
export const IN_FLIGHT_STATUSES = ['PENDING', 'PROCESSING'] as const satisfies PaymentStatus[];

/** Whether the customer's money has been captured. */
export function isCapturedStatus(status: PaymentStatus): boolean {
  return (CAPTURED_STATUSES as readonly PaymentStatus[]).includes(status);
}

/** Whether we closed the payment without a capture. */
export function isClosedWithoutCapture(
  status: PaymentStatus,
): status is (typeof CLOSED_WITHOUT_CAPTURE_STATUSES)[number] {
  return (CLOSED_WITHOUT_CAPTURE_STATUSES as readonly PaymentStatus[]).includes(status);
}

/** Whether the payment's outcome at the gateway is still open. */
export function isInFlightStatus(status: PaymentStatus): boolean {
  return (IN_FLIGHT_STATUSES as readonly PaymentStatus[]).includes(status);
}

/**
 * The payment state machine as a pure decider: where `trigger` takes a payment in `from`, or
 * INVALID_STATE_TRANSITION. Idempotency (the same outcome reported twice) is the aggregate's business; this
 * function only knows the graph.
 */
export function nextPaymentStatus(from: PaymentStatus, trigger: PaymentStatusTrigger): Result<PaymentStatusChange> {
  const refused = (): Result<never, DomainError> => failure(invalidStateTransition('payment', from, trigger));
  switch (from) {
    case 'PENDING':
      // Only a new payment, before its first order, may be held for review.
      if (trigger === 'HELD_FOR_REVIEW') return success({ to: 'PENDING_REVIEW', lateCapture: false });
      return changeInFlight(trigger, refused);
    case 'PROCESSING':
      return changeInFlight(trigger, refused);
    case 'PENDING_REVIEW': {
      // No gateway holds an order for it yet: only the operator, the caller or the review's expiry move it.
      const to = REVIEW_EXITS[trigger];
      return to === undefined ? refused() : success({ to, lateCapture: false });
    }
    case 'FAILED':
    case 'CANCELLED':
    case 'EXPIRED':
      // Money moved after we had given up on the payment: accept it, never drop it, and say so.
      return trigger === 'CAPTURE_REPORTED' ? success({ to: 'SUCCEEDED', lateCapture: true }) : refused();
    case 'SUCCEEDED':
    case 'PARTIALLY_REFUNDED':
      if (trigger === 'REFUNDED_PARTIALLY') return success({ to: 'PARTIALLY_REFUNDED', lateCapture: false });
      if (trigger === 'REFUNDED_FULLY') return success({ to: 'REFUNDED', lateCapture: false });
      return refused();
    case 'REFUNDED':
      return refused();
    default:
      return assertNever(from, 'payment status');
  }
}

const REVIEW_EXITS: Partial<Record<PaymentStatusTrigger, PaymentStatus>> = {
  REVIEW_APPROVED: 'PENDING',
  CANCELLED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
};

function changeInFlight(
  trigger: PaymentStatusTrigger,
  refused: () => Result<never, DomainError>,
): Result<PaymentStatusChange> {
  const to = fromInFlight(trigger);
  return to === null ? refused() : success({ to, lateCapture: false });
}

function fromInFlight(trigger: PaymentStatusTrigger): PaymentStatus | null {
  switch (trigger) {
    case 'GATEWAY_ORDER_CREATED':
    case 'GATEWAY_ORDER_TIMED_OUT':
      return 'PROCESSING';
    case 'GATEWAY_ORDER_REFUSED':
    case 'FAILURE_REPORTED':
      return 'FAILED';
    case 'CAPTURE_REPORTED':
      return 'SUCCEEDED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'EXPIRED':
      return 'EXPIRED';
    case 'REFUNDED_PARTIALLY':
    case 'REFUNDED_FULLY':
    case 'HELD_FOR_REVIEW':
    case 'REVIEW_APPROVED':
      return null;
    default:
      return assertNever(trigger, 'payment status trigger');
  }
}
