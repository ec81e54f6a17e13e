import type { Money } from '../money/money.value-object';
import { invalidStateTransition } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { nextRefundStatus, refundHoldsFunds, type RefundStatus, type RefundStatusTrigger } from './refund-status';

/**
 * The persisted shape of a refund (one row of `refunds`). Optional facts are `null` rather than absent so a
 * mapper can't forget a column.
 */
export interface RefundSnapshot {
  readonly id: string;
  readonly amount: Money;
  readonly status: RefundStatus;
  readonly reason: string;
  /** The caller's own id of this refund; a repeated one returns the existing refund (idempotency). */
  readonly sourceRefundId: string | null;
  /** The gateway's idempotency key of the refund call (MoMo requestId, VNPay RequestId, ZaloPay m_refund_id). */
  readonly gatewayRequestId: string;
  readonly gatewayRefundId: string | null;
  readonly initiatedByUserId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When the gateway confirmed the money went back. */
  readonly refundDate: Date | null;
  readonly failureReason: string | null;
}

/**
 * A refund of (part of) a captured payment: a child entity of `PaymentTransaction`, which alone decides whether
 * one may be requested. Instances are immutable; every change returns a new one.
 */
export class Refund {
  readonly id: string;
  readonly amount: Money;
  readonly status: RefundStatus;
  readonly reason: string;
  readonly sourceRefundId: string | null;
  readonly gatewayRequestId: string;
  readonly gatewayRefundId: string | null;
  readonly initiatedByUserId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly refundDate: Date | null;
  readonly failureReason: string | null;

  private constructor(props: RefundSnapshot) {
    this.id = props.id;
    this.amount = props.amount;
    this.status = props.status;
    this.reason = props.reason;
    this.sourceRefundId = props.sourceRefundId;
    this.gatewayRequestId = props.gatewayRequestId;
    this.gatewayRefundId = props.gatewayRefundId;
    this.initiatedByUserId = props.initiatedByUserId;
    this.createdAt = props.createdAt;
    this.updatedAt = props.updatedAt;
    this.refundDate = props.refundDate;
    this.failureReason = props.failureReason;
  }

  /** A refund just recorded, not yet sent to the gateway. The aggregate has checked it may be made. */
  static request(input: {
    id: string;
    amount: Money;
    reason: string;
    sourceRefundId: string | null;
    gatewayRequestId: string;
    initiatedByUserId: string | null;
    now: Date;
  }): Refund {
    const { now, ...requested } = input;
    return new Refund({
      ...requested,
      status: 'REQUESTED',
      gatewayRefundId: null,
      createdAt: now,
      updatedAt: now,
      refundDate: null,
      failureReason: null,
    });
  }

  /** Rebuilds a refund from its persisted shape. */
  static restore(snapshot: RefundSnapshot): Refund {
    return new Refund(snapshot);
  }

  /** Whether this refund holds part of the captured amount (requested, processing or succeeded). */
  holdsFunds(): boolean {
    return refundHoldsFunds(this.status);
  }

  /** Sent to the gateway; some gateways give their refund id at once. */
  submitted(gatewayRefundId: string | null, now: Date): Result<Refund> {
    return this.transition('SUBMITTED', { gatewayRefundId: gatewayRefundId ?? this.gatewayRefundId }, now);
  }

  /** The gateway confirmed the money went back to the customer. */
  succeeded(gatewayRefundId: string | null, now: Date): Result<Refund> {
    return this.transition(
      'SUCCEEDED',
      { gatewayRefundId: gatewayRefundId ?? this.gatewayRefundId, refundDate: now },
      now,
    );
  }

  /** The gateway refused the refund; its amount becomes refundable again. */
  failed(reason: string, now: Date): Result<Refund> {
    return this.transition('FAILED', { failureReason: reason }, now);
  }

  /** A plain copy for persistence. */
  toSnapshot(): RefundSnapshot {
    return {
      id: this.id,
      amount: this.amount,
      status: this.status,
      reason: this.reason,
      sourceRefundId: this.sourceRefundId,
      gatewayRequestId: this.gatewayRequestId,
      gatewayRefundId: this.gatewayRefundId,
      initiatedByUserId: this.initiatedByUserId,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      refundDate: this.refundDate,
      failureReason: this.failureReason,
    };
  }

  private transition(trigger: RefundStatusTrigger, changes: Partial<RefundSnapshot>, now: Date): Result<Refund> {
    const status = nextRefundStatus(this.status, trigger);
    if (status === null) {
      return failure(invalidStateTransition('refund', this.status, trigger, { refundId: this.id }));
    }
    return success(new Refund({ ...this.toSnapshot(), ...changes, status, updatedAt: now }));
  }
}
