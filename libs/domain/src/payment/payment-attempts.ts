import { invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { PaymentAttempt } from './payment-attempt.entity';
import { applied, findAttempt, withAttempt, type PaymentDecision } from './payment-decision';
import { paymentEvent, paymentSubject } from './payment-event-data';
import { nextPaymentStatus } from './payment-status';
import type {
  GatewayOrderCreatedInput,
  GatewayOrderFailedInput,
  GatewayOrderTimedOutInput,
  StartAttemptInput,
} from './payment-transaction.inputs';
import type { PaymentTransactionState } from './payment.snapshot';

// Deciders of the create-order calls to the gateway. Pure: state and input in, decision out.

/**
 * A create-order call may start on a PENDING payment, or on a PROCESSING one whose calls all timed out (the
 * outcome is unknown, so the retry reuses the same gateway idempotency key and order reference, and the gateway
 * answers with the order it may already have). A failed payment stays failed: the caller makes a new payment.
 */
export function decideStartAttempt(state: PaymentTransactionState, input: StartAttemptInput): Result<PaymentDecision> {
  const { attempts } = state;
  const retryingUnknownOutcome =
    state.status === 'PROCESSING' && attempts.length > 0 && attempts.every((a) => a.status === 'TIMED_OUT');
  if (state.status !== 'PENDING' && !retryingUnknownOutcome) {
    return failure(invalidStateTransition('payment', state.status, 'START_ATTEMPT', { transactionId: state.id }));
  }
  if (attempts.some((a) => a.status === 'PENDING')) {
    return failure(
      invalidStateTransition('payment', state.status, 'START_ATTEMPT', {
        transactionId: state.id,
        reason: 'an attempt is still waiting for the gateway',
      }),
    );
  }
  if (attempts.some((a) => a.id === input.attemptId)) {
    throw new Error(`Payment ${state.id} already has an attempt ${input.attemptId}`);
  }
  const previous = attempts.at(-1);
  // A retry with a fresh key or reference could create a second order at the gateway: a double charge.
  if (previous && previous.gatewayRequestId !== input.gatewayRequestId) {
    throw new Error(`A retry of payment ${state.id} must reuse gateway request id ${previous.gatewayRequestId}`);
  }
  if (state.gatewayReference !== null && state.gatewayReference !== input.gatewayReference) {
    throw new Error(`A retry of payment ${state.id} must reuse gateway reference ${state.gatewayReference}`);
  }
  const attempt = PaymentAttempt.start({
    id: input.attemptId,
    attemptNumber: attempts.length + 1,
    gatewayRequestId: input.gatewayRequestId,
    now: input.now,
  });
  return success(applied({ ...state, gatewayReference: input.gatewayReference, attempts: [...attempts, attempt] }));
}

/** The gateway created the order: the customer can pay at `paymentUrl`; the payment is PROCESSING. */
export function decideGatewayOrderCreated(
  state: PaymentTransactionState,
  input: GatewayOrderCreatedInput,
): Result<PaymentDecision> {
  const change = nextPaymentStatus(state.status, 'GATEWAY_ORDER_CREATED');
  if (!change.ok) return change;
  const attempt = findAttempt(state, input.attemptId).succeeded(input.gatewayResponse, input.now);
  if (!attempt.ok) return attempt;
  // No event: PaymentCreated already went out, and the payment URL is the caller's reply, not news.
  return success(
    applied({
      ...state,
      status: change.value.to,
      paymentUrl: input.paymentUrl,
      gatewayReference: input.gatewayReference ?? state.gatewayReference,
      attempts: withAttempt(state, attempt.value),
    }),
  );
}

/** The gateway refused to create the order: the payment FAILED, with the gateway's code and reason. */
export function decideGatewayOrderFailed(
  state: PaymentTransactionState,
  input: GatewayOrderFailedInput,
): Result<PaymentDecision> {
  const change = nextPaymentStatus(state.status, 'GATEWAY_ORDER_REFUSED');
  if (!change.ok) return change;
  const attempt = findAttempt(state, input.attemptId).failed(
    input.code,
    input.reason,
    input.gatewayResponse,
    input.now,
  );
  if (!attempt.ok) return attempt;
  const next: PaymentTransactionState = {
    ...state,
    status: change.value.to,
    failureCode: input.code,
    failureReason: input.reason,
    completedAt: input.now,
    attempts: withAttempt(state, attempt.value),
  };
  return success(
    applied(next, [
      paymentEvent('PaymentFailed', next, input.now, {
        ...paymentSubject(next),
        failureCode: input.code,
        failureReason: input.reason,
        gatewayCodes: null,
      }),
    ]),
  );
}

/**
 * The create-order call got no answer: the order may exist at the gateway, so the payment is PROCESSING (never
 * FAILED on a guess) and the sync job asks the gateway. No event: nothing a consumer can act on happened.
 */
export function decideGatewayOrderTimedOut(
  state: PaymentTransactionState,
  input: GatewayOrderTimedOutInput,
): Result<PaymentDecision> {
  const change = nextPaymentStatus(state.status, 'GATEWAY_ORDER_TIMED_OUT');
  if (!change.ok) return change;
  const attempt = findAttempt(state, input.attemptId).timedOut(input.now);
  if (!attempt.ok) return attempt;
  return success(applied({ ...state, status: change.value.to, attempts: withAttempt(state, attempt.value) }));
}
