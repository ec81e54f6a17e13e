import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { Money } from '../money/money.value-object';
import { Refund } from '../refund/refund.entity';
import type { ApplyOutcome } from '../shared/apply-outcome';
import { success, type Result } from '../shared/result';
import { PaymentAttempt } from './payment-attempt.entity';
import {
  decideGatewayOrderCreated,
  decideGatewayOrderFailed,
  decideGatewayOrderTimedOut,
  decideStartAttempt,
} from './payment-attempts';
import type { PaymentDecision } from './payment-decision';
import { decideCreate } from './payment-creation';
import type { PaymentMethod } from './payment-method';
import { decideCancel, decideExpire, decideGatewayResult } from './payment-outcomes';
import { decideExpireReview, decideHoldForReview, decideReview } from './payment-review';
import * as ledger from './payment-refunds';
import { isClosedWithoutCapture, type PaymentStatus } from './payment-status';
import type {
  CancelPaymentInput,
  CreatePaymentTransactionInput,
  ExpirePaymentInput,
  GatewayOrderCreatedInput,
  GatewayOrderFailedInput,
  GatewayOrderTimedOutInput,
  ExpireReviewInput,
  GatewayResultInput,
  HoldForReviewInput,
  RefundProcessingInput,
  RefundRequestOutcome,
  RefundResultInput,
  RequestRefundInput,
  ReviewInput,
  StartAttemptInput,
} from './payment-transaction.inputs';
import type { PaymentDomainEvent } from './payment.events';
import type { PaymentSource, PaymentTransactionSnapshot, PaymentTransactionState } from './payment.snapshot';

/**
 * A payment of one tenant's customer for one source transaction, with its gateway attempts and refunds: the
 * aggregate that guards the payment state machine and the refund ledger.
 *
 * Every command returns a `Result` (business refusals carry the contract's error codes; a refused command changes
 * nothing), records events for `pullEvents()` and stamps `updatedAt` when it changed something. The rules live in
 * pure deciders (`payment-attempts`, `payment-outcomes`, `payment-refunds`); this class holds the state.
 */
export class PaymentTransaction {
  private events: PaymentDomainEvent[] = [];

  private constructor(private state: PaymentTransactionState) {}

  /**
   * A new PENDING payment, recording `PaymentCreated`. Refuses a non-positive amount (INVALID_AMOUNT), an expiry
   * not after `now` and an empty source (VALIDATION_ERROR). The new aggregate has version 0 (never saved).
   */
  static create(input: CreatePaymentTransactionInput): Result<PaymentTransaction> {
    const decided = decideCreate(input);
    if (!decided.ok) return decided;
    const payment = new PaymentTransaction(decided.value.state);
    payment.events.push(...decided.value.events);
    return success(payment);
  }

  /** Rebuilds a payment from its persisted snapshot; records no events. A child in another currency throws. */
  static restore(snapshot: PaymentTransactionSnapshot): PaymentTransaction {
    const foreign = snapshot.refunds.find((r) => r.amount.currency !== snapshot.amount.currency);
    if (foreign) {
      throw new Error(`Refund ${foreign.id} of payment ${snapshot.id} is not in ${snapshot.amount.currency}`);
    }
    return new PaymentTransaction({
      ...snapshot,
      attempts: snapshot.attempts.map((a) => PaymentAttempt.restore(a)),
      refunds: snapshot.refunds.map((r) => Refund.restore(r)),
    });
  }

  /** The payment as plain data for the persistence mapper (see `PaymentTransactionSnapshot`). */
  toSnapshot(): PaymentTransactionSnapshot {
    return {
      ...this.state,
      attempts: this.state.attempts.map((a) => a.toSnapshot()),
      refunds: this.state.refunds.map((r) => r.toSnapshot()),
    };
  }

  // Read accessors of what handlers reply with and decide on; `toSnapshot()` has every field (documented there).
  get id(): string {
    return this.state.id;
  }
  get tenantId(): string {
    return this.state.tenantId;
  }
  get amount(): Money {
    return this.state.amount;
  }
  get paymentMethod(): PaymentMethod {
    return this.state.paymentMethod;
  }
  get status(): PaymentStatus {
    return this.state.status;
  }
  get source(): PaymentSource {
    return this.state.source;
  }
  get gatewayConfigurationId(): string {
    return this.state.gatewayConfigurationId;
  }
  get gatewayType(): GatewayType {
    return this.state.gatewayType;
  }
  get gatewayReference(): string | null {
    return this.state.gatewayReference;
  }
  get gatewayTransactionId(): string | null {
    return this.state.gatewayTransactionId;
  }
  get paymentUrl(): string | null {
    return this.state.paymentUrl;
  }
  get expiresAt(): Date {
    return this.state.expiresAt;
  }
  get lateCapture(): boolean {
    return this.state.lateCapture;
  }
  get failureCode(): string | null {
    return this.state.failureCode;
  }
  get failureReason(): string | null {
    return this.state.failureReason;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }
  get completedAt(): Date | null {
    return this.state.completedAt;
  }
  /** The persisted version this aggregate was loaded at (0 if never saved); the repository increments it. */
  get version(): number {
    return this.state.version;
  }
  /** The gateway attempts, oldest first (immutable entities). */
  get attempts(): readonly PaymentAttempt[] {
    return this.state.attempts;
  }
  /** The refunds, oldest first (immutable entities). */
  get refunds(): readonly Refund[] {
    return this.state.refunds;
  }

  /**
   * Starts a create-order call (PENDING attempt n+1). Allowed on a PENDING payment, or on a PROCESSING one whose
   * calls all timed out (a retry, which must reuse the gateway request id and reference — else it throws).
   */
  startAttempt(input: StartAttemptInput): Result<PaymentAttempt> {
    const decided = decideStartAttempt(this.state, input);
    if (!decided.ok) return decided;
    this.commit(decided.value, input.now);
    return success(this.state.attempts[this.state.attempts.length - 1]);
  }

  /** The gateway created the order: attempt SUCCEEDED, payment PROCESSING, payment URL set. No event. */
  markGatewayOrderCreated(input: GatewayOrderCreatedInput): Result<void> {
    return this.run(decideGatewayOrderCreated(this.state, input), input.now);
  }

  /** The gateway refused to create the order: attempt and payment FAILED; records `PaymentFailed`. */
  markGatewayOrderFailed(input: GatewayOrderFailedInput): Result<void> {
    return this.run(decideGatewayOrderFailed(this.state, input), input.now);
  }

  /** The create-order call timed out: attempt TIMED_OUT, payment PROCESSING (outcome unknown). No event. */
  markGatewayOrderTimedOut(input: GatewayOrderTimedOutInput): Result<void> {
    return this.run(decideGatewayOrderTimedOut(this.state, input), input.now);
  }

  /**
   * Applies the payment outcome a gateway reported. Refuses another amount (AMOUNT_MISMATCH) and transitions the
   * machine forbids (INVALID_STATE_TRANSITION, e.g. a failure after a capture); answers DUPLICATE, changing
   * nothing, for an outcome already in place; a capture after FAILED/CANCELLED/EXPIRED is a late capture
   * (`PaymentSucceeded` + `PaymentLateCaptured`).
   */
  applyGatewayResult(input: GatewayResultInput): Result<ApplyOutcome> {
    const decided = decideGatewayResult(this.state, input);
    return decided.ok ? success({ effect: this.commit(decided.value, input.now) }) : decided;
  }

  /** The risk rules hold a new payment, before any attempt, for review: PENDING_REVIEW, `PaymentHeldForReview`. */
  holdForReview(input: HoldForReviewInput): Result<void> {
    return this.run(decideHoldForReview(this.state, input), input.now);
  }

  /** An operator approves (PENDING again) or rejects (CANCELLED) a payment in PENDING_REVIEW. */
  review(input: ReviewInput): Result<void> {
    return this.run(decideReview(this.state, input), input.now);
  }

  /** Expires a payment left in PENDING_REVIEW past the review timeout; records `PaymentExpired`. */
  expireReview(input: ExpireReviewInput): Result<void> {
    return this.run(decideExpireReview(this.state, input), input.now);
  }

  /** The caller cancels a PENDING, PENDING_REVIEW or PROCESSING payment; records `PaymentCancelled`. */
  cancel(input: CancelPaymentInput): Result<void> {
    return this.run(decideCancel(this.state, input), input.now);
  }

  /** Expires a PENDING or PROCESSING payment whose expiry has passed; records `PaymentExpired`. */
  expire(input: ExpirePaymentInput): Result<void> {
    return this.run(decideExpire(this.state, input), input.now);
  }

  /**
   * Requests a refund of a SUCCEEDED or PARTIALLY_REFUNDED payment and reserves its amount; records
   * `RefundRequested`. Refuses more than `refundableAmount()` (REFUND_EXCEEDS_REFUNDABLE), a non-positive amount
   * (INVALID_AMOUNT), another currency (INVALID_CURRENCY). A repeated `sourceRefundId` returns the existing refund
   * as a DUPLICATE (IDEMPOTENCY_KEY_REUSED if its amount differs).
   */
  requestRefund(input: RequestRefundInput): Result<RefundRequestOutcome> {
    const decided = ledger.decideRequestRefund(this.state, input);
    if (!decided.ok) return decided;
    const effect = this.commit(decided.value, input.now);
    return success({ effect, refund: decided.value.refund, remainingRefundable: this.refundableAmount() });
  }

  /**
   * The refund was sent to the gateway (REQUESTED → PROCESSING); recording it again is a DUPLICATE.
   * REFUND_NOT_FOUND if the refund isn't this payment's.
   */
  markRefundProcessing(input: RefundProcessingInput): Result<ApplyOutcome> {
    const decided = ledger.decideRefundProcessing(this.state, input);
    return decided.ok ? success({ effect: this.commit(decided.value, input.now) }) : decided;
  }

  /**
   * The gateway's final answer about a refund: success records `RefundProcessed` and moves the payment to
   * PARTIALLY_REFUNDED or REFUNDED; failure records `RefundFailed` and frees the amount. The same answer again is a
   * DUPLICATE.
   */
  applyRefundResult(input: RefundResultInput): Result<ApplyOutcome> {
    const decided = ledger.decideRefundResult(this.state, input);
    return decided.ok ? success({ effect: this.commit(decided.value, input.now) }) : decided;
  }

  /**
   * Whether this is its source's one live payment, which refuses another payment of the source: neither closed
   * without a capture nor captured late (a late capture leaves the source to a retry).
   */
  get holdsItsSource(): boolean {
    return !isClosedWithoutCapture(this.state.status) && !this.state.lateCapture;
  }

  /** The refund with this id, if it belongs to this payment. */
  findRefund(refundId: string): Refund | undefined {
    return ledger.findRefund(this.state, refundId);
  }

  /** What may still be refunded: captured amount minus requested, processing and succeeded refunds. */
  refundableAmount(): Money {
    return ledger.refundableAmount(this.state);
  }

  /** The sum of succeeded refunds. */
  refundedAmount(): Money {
    return ledger.refundedAmount(this.state);
  }

  /** The events recorded since the last call, oldest first; clears them. The repository writes them to the outbox. */
  pullEvents(): PaymentDomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private run(decided: Result<PaymentDecision>, now: Date): Result<void> {
    if (!decided.ok) return decided;
    this.commit(decided.value, now);
    return success(undefined);
  }

  private commit(decision: PaymentDecision, now: Date): PaymentDecision['effect'] {
    if (decision.effect === 'APPLIED') {
      this.state = { ...decision.state, updatedAt: now };
      this.events.push(...decision.events);
    }
    return decision.effect;
  }
}
