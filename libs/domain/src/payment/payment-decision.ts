import type { ApplyEffect } from '../shared/apply-outcome';
import type { PaymentAttempt } from './payment-attempt.entity';
import type { PaymentDomainEvent } from './payment.events';
import type { PaymentTransactionState } from './payment.snapshot';

/**
 * What a decider concluded: the next state and the events that say why. The aggregate commits it (stamping
 * `updatedAt`) only when `effect` is APPLIED; an UNCHANGED decision (a duplicate) leaves everything as it was.
 */
export interface PaymentDecision {
  readonly state: PaymentTransactionState;
  readonly events: readonly PaymentDomainEvent[];
  readonly effect: ApplyEffect;
}

/** A decision that changes the payment. */
export function applied(state: PaymentTransactionState, events: readonly PaymentDomainEvent[] = []): PaymentDecision {
  return { state, events, effect: 'APPLIED' };
}

/** A decision that finds the outcome already in place: nothing changes, no event. */
export function duplicate(state: PaymentTransactionState): PaymentDecision {
  return { state, events: [], effect: 'DUPLICATE' };
}

/** The attempt with this id. An unknown id is a bug in the caller (it started the attempt), so it throws. */
export function findAttempt(state: PaymentTransactionState, attemptId: string): PaymentAttempt {
  const attempt = state.attempts.find((a) => a.id === attemptId);
  if (!attempt) throw new Error(`Payment ${state.id} has no attempt ${attemptId}`);
  return attempt;
}

/** The attempts with one replaced by its new version. */
export function withAttempt(state: PaymentTransactionState, attempt: PaymentAttempt): readonly PaymentAttempt[] {
  return state.attempts.map((a) => (a.id === attempt.id ? attempt : a));
}
