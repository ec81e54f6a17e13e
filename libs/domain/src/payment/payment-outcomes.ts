import { assertNever } from '../shared/assert-never';
import { invalidStateTransition, validationError } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { applied, duplicate, type PaymentDecision } from './payment-decision';
import { paymentEvent, paymentSubject } from './payment-event-data';
import { isCapturedStatus, isClosedWithoutCapture, nextPaymentStatus, type PaymentStatus } from './payment-status';
import type {
  CancelPaymentInput,
  ExpirePaymentInput,
  GatewayPaymentOutcome,
  GatewayResultInput,
} from './payment-transaction.inputs';
import type { PaymentDomainEvent } from './payment.events';
import type { PaymentTransactionState } from './payment.snapshot';
import { amountMismatch } from './payment.errors';

// Deciders of a payment's outcome: what the gateway reports, and what the caller or our schedule decide.

/**
 * Applies a payment outcome reported by the gateway. The amount is checked first: a report of another amount is
 * refused whatever the state (AMOUNT_MISMATCH). A report of the outcome already in place is a DUPLICATE and
 * changes nothing. A capture after FAILED/CANCELLED/EXPIRED is a late capture. Anything else the machine refuses
 * (a failure after a capture: a webhook never reverses a payment; a capture with another gateway transaction id
 * on a captured payment: reconciliation's business).
 */
export function decideGatewayResult(
  state: PaymentTransactionState,
  input: GatewayResultInput,
): Result<PaymentDecision> {
  if (!input.amount.equals(state.amount)) return failure(amountMismatch(state.amount, input.amount));
  if (isSameOutcome(state, input)) return success(duplicate(state));
  switch (input.outcome) {
    case 'succeeded':
      return decideCapture(state, input);
    case 'failed':
    case 'cancelled':
    case 'expired':
      return decideGatewayClosure(state, input, input.outcome);
    default:
      return assertNever(input.outcome, 'gateway payment outcome');
  }
}

/** The caller cancels a payment still in flight. */
export function decideCancel(state: PaymentTransactionState, input: CancelPaymentInput): Result<PaymentDecision> {
  const change = nextPaymentStatus(state.status, 'CANCELLED');
  if (!change.ok) return change;
  const next = { ...state, status: change.value.to, completedAt: input.now };
  return success(
    applied(next, [
      paymentEvent('PaymentCancelled', next, input.now, {
        ...paymentSubject(next),
        reason: input.reason,
        cancelledBy: 'CALLER',
      }),
    ]),
  );
}

/** Our schedule expires a payment still in flight once its expiry has passed. */
export function decideExpire(state: PaymentTransactionState, input: ExpirePaymentInput): Result<PaymentDecision> {
  const change = nextPaymentStatus(state.status, 'EXPIRED');
  if (!change.ok) return change;
  if (input.now.getTime() < state.expiresAt.getTime()) {
    return failure(
      invalidStateTransition('payment', state.status, 'EXPIRED', {
        transactionId: state.id,
        expiresAt: state.expiresAt.toISOString(),
        reason: 'the payment has not reached its expiry',
      }),
    );
  }
  const next = { ...state, status: change.value.to, completedAt: input.now };
  return success(
    applied(next, [
      paymentEvent('PaymentExpired', next, input.now, {
        ...paymentSubject(next),
        expiresAt: state.expiresAt.toISOString(),
        expiredBy: 'SCHEDULE',
      }),
    ]),
  );
}

const STATUS_OF_OUTCOME: Readonly<Record<Exclude<GatewayPaymentOutcome, 'succeeded'>, PaymentStatus>> = {
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

// Gateways repeat callbacks until answered: the same final outcome must be recognised, not re-applied. A capture
// is the same only with the same gateway transaction id; a non-capture moved no money, so its status suffices.
function isSameOutcome(state: PaymentTransactionState, input: GatewayResultInput): boolean {
  if (input.outcome === 'succeeded') {
    return isCapturedStatus(state.status) && state.gatewayTransactionId === input.gatewayTransactionId;
  }
  return state.status === STATUS_OF_OUTCOME[input.outcome];
}

function decideCapture(state: PaymentTransactionState, input: GatewayResultInput): Result<PaymentDecision> {
  const gatewayTransactionId = input.gatewayTransactionId;
  if (!gatewayTransactionId) {
    return failure(validationError('gatewayTransactionId', 'A captured payment needs the gateway transaction id'));
  }
  const change = nextPaymentStatus(state.status, 'CAPTURE_REPORTED');
  if (!change.ok) return change;
  const next: PaymentTransactionState = {
    ...state,
    status: change.value.to,
    gatewayTransactionId,
    // Failure facts are kept on a late capture: they explain why a succeeded payment was once closed.
    lateCapture: state.lateCapture || change.value.lateCapture,
    completedAt: input.now,
  };
  const subject = paymentSubject(next);
  const events: PaymentDomainEvent[] = [
    paymentEvent('PaymentSucceeded', next, input.now, {
      ...subject,
      paymentMethod: next.paymentMethod,
      gatewayReference: next.gatewayReference,
      gatewayTransactionId,
      lateCapture: change.value.lateCapture,
      completedAt: input.now.toISOString(),
      gatewayCodes: input.rawCodes,
    }),
  ];
  if (change.value.lateCapture && isClosedWithoutCapture(state.status)) {
    events.push(
      paymentEvent('PaymentLateCaptured', next, input.now, {
        ...subject,
        previousStatus: state.status,
        previousFailureCode: state.failureCode,
        gatewayTransactionId,
        capturedAt: input.now.toISOString(),
      }),
    );
  }
  return success(applied(next, events));
}

function decideGatewayClosure(
  state: PaymentTransactionState,
  input: GatewayResultInput,
  outcome: Exclude<GatewayPaymentOutcome, 'succeeded'>,
): Result<PaymentDecision> {
  const trigger = outcome === 'failed' ? 'FAILURE_REPORTED' : outcome === 'cancelled' ? 'CANCELLED' : 'EXPIRED';
  const change = nextPaymentStatus(state.status, trigger);
  if (!change.ok) return change;
  const base: PaymentTransactionState = {
    ...state,
    status: change.value.to,
    gatewayTransactionId: state.gatewayTransactionId ?? input.gatewayTransactionId,
    completedAt: input.now,
  };
  const reason = input.reason ?? `The gateway reported the payment ${outcome}`;
  switch (outcome) {
    case 'failed': {
      const failureCode = gatewayFailureCode(input.rawCodes);
      const next = { ...base, failureCode, failureReason: reason };
      const data = { ...paymentSubject(next), failureCode, failureReason: reason, gatewayCodes: input.rawCodes };
      return success(applied(next, [paymentEvent('PaymentFailed', next, input.now, data)]));
    }
    case 'cancelled': {
      const data = { ...paymentSubject(base), reason, cancelledBy: 'GATEWAY' as const };
      return success(applied(base, [paymentEvent('PaymentCancelled', base, input.now, data)]));
    }
    case 'expired': {
      const data = { ...paymentSubject(base), expiresAt: state.expiresAt.toISOString(), expiredBy: 'GATEWAY' as const };
      return success(applied(base, [paymentEvent('PaymentExpired', base, input.now, data)]));
    }
    default:
      return assertNever(outcome, 'gateway payment outcome');
  }
}

// The gateway's own codes, stable and greppable (`vnp_ResponseCode=24`), so support can look them up.
function gatewayFailureCode(rawCodes: Readonly<Record<string, string>>): string {
  const entries = Object.entries(rawCodes);
  return entries.length === 0 ? 'GATEWAY_DECLINED' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}
