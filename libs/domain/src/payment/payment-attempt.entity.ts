import { invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';

/** Every status of a create-order call to the gateway. `TIMED_OUT`: no answer came, the outcome is unknown. */
export const PAYMENT_ATTEMPT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT'] as const;

/** Status of one create-order call to the gateway. */
export type PaymentAttemptStatus = (typeof PAYMENT_ATTEMPT_STATUSES)[number];

/** The persisted shape of a payment attempt (one row of `payment_attempts`). */
export interface PaymentAttemptSnapshot {
  readonly id: string;
  /** 1 for the first call, n+1 for each retry. */
  readonly attemptNumber: number;
  /** The gateway's idempotency key of this call (MoMo requestId); a retry of an unknown outcome reuses it. */
  readonly gatewayRequestId: string;
  readonly status: PaymentAttemptStatus;
  /** What the gateway answered, as the adapter reduced it; never credentials. */
  readonly gatewayResponse: Readonly<Record<string, unknown>> | null;
  readonly failureCode: string | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

/**
 * One call to a gateway to create the order of a payment: a child entity of `PaymentTransaction`. Instances are
 * immutable (every change returns a new one), so the aggregate can hand them out without losing control of them.
 */
export class PaymentAttempt {
  readonly id: string;
  readonly attemptNumber: number;
  readonly gatewayRequestId: string;
  readonly status: PaymentAttemptStatus;
  readonly gatewayResponse: Readonly<Record<string, unknown>> | null;
  readonly failureCode: string | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;

  private constructor(props: PaymentAttemptSnapshot) {
    this.id = props.id;
    this.attemptNumber = props.attemptNumber;
    this.gatewayRequestId = props.gatewayRequestId;
    this.status = props.status;
    this.gatewayResponse = props.gatewayResponse;
    this.failureCode = props.failureCode;
    this.failureReason = props.failureReason;
    this.createdAt = props.createdAt;
    this.completedAt = props.completedAt;
  }

  /** A call about to be made: PENDING until the gateway answers or the call times out. */
  static start(input: { id: string; attemptNumber: number; gatewayRequestId: string; now: Date }): PaymentAttempt {
    return new PaymentAttempt({
      id: input.id,
      attemptNumber: input.attemptNumber,
      gatewayRequestId: input.gatewayRequestId,
      status: 'PENDING',
      gatewayResponse: null,
      failureCode: null,
      failureReason: null,
      createdAt: input.now,
      completedAt: null,
    });
  }

  /** Rebuilds an attempt from its persisted shape. */
  static restore(snapshot: PaymentAttemptSnapshot): PaymentAttempt {
    return new PaymentAttempt(snapshot);
  }

  /** The gateway created the order. */
  succeeded(gatewayResponse: Readonly<Record<string, unknown>> | null, now: Date): Result<PaymentAttempt> {
    return this.complete('SUCCEEDED', { gatewayResponse }, now);
  }

  /** The gateway refused to create the order. */
  failed(
    code: string,
    reason: string,
    gatewayResponse: Readonly<Record<string, unknown>> | null,
    now: Date,
  ): Result<PaymentAttempt> {
    return this.complete('FAILED', { failureCode: code, failureReason: reason, gatewayResponse }, now);
  }

  /** No answer came in time; whether the gateway created the order is unknown. */
  timedOut(now: Date): Result<PaymentAttempt> {
    return this.complete('TIMED_OUT', {}, now);
  }

  /** A plain copy for persistence. */
  toSnapshot(): PaymentAttemptSnapshot {
    return {
      id: this.id,
      attemptNumber: this.attemptNumber,
      gatewayRequestId: this.gatewayRequestId,
      status: this.status,
      gatewayResponse: this.gatewayResponse,
      failureCode: this.failureCode,
      failureReason: this.failureReason,
      createdAt: this.createdAt,
      completedAt: this.completedAt,
    };
  }

  // An attempt answers once: a second answer to the same call is a bug in the caller, reported as a refusal.
  private complete(
    status: Exclude<PaymentAttemptStatus, 'PENDING'>,
    changes: Partial<PaymentAttemptSnapshot>,
    now: Date,
  ): Result<PaymentAttempt> {
    if (this.status !== 'PENDING') {
      return failure(invalidStateTransition('payment attempt', this.status, status, { attemptId: this.id }));
    }
    return success(new PaymentAttempt({ ...this.toSnapshot(), ...changes, status, completedAt: now }));
  }
}
