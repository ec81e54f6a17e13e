import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { Currency } from '../money/currency';
import type { PaymentMethod } from './payment-method';
import type { DomainEventBase } from '../shared/domain-event';
import type { PaymentStatus } from './payment-status';
import type { RiskRuleHit } from '../risk/risk-decision';

// Refund events use the payment's id as `aggregateId`: refunds are entities inside that aggregate, so one
// `aggregateVersion` sequence (added by the outbox writer) orders all of a payment's events.
type PaymentEvent<TType extends string, TData> = DomainEventBase<'PaymentTransaction', TType, TData>;

/** What every payment event says about the payment, so a consumer needs no lookup to act on it. */
export interface PaymentEventSubject {
  readonly transactionId: string;
  readonly sourceBoundedContext: string;
  readonly sourceTransactionId: string;
  readonly gatewayType: GatewayType;
  readonly gatewayConfigurationId: string;
  /** The payment's amount in minor units, as a decimal string. */
  readonly amount: string;
  readonly currency: Currency;
}

/** What every refund event says about the refund and its payment. `amount` is the refund's. */
export interface RefundEventSubject {
  readonly transactionId: string;
  readonly refundId: string;
  readonly sourceRefundId: string | null;
  readonly sourceBoundedContext: string;
  readonly sourceTransactionId: string;
  readonly gatewayType: GatewayType;
  /** The refund's amount in minor units, as a decimal string. */
  readonly amount: string;
  readonly currency: Currency;
  /** The payment's (captured) amount in minor units. */
  readonly paymentAmount: string;
}

/** A payment was created (PENDING). Routing key `ppm.payment.created.v1`. */
export type PaymentCreated = PaymentEvent<
  'PaymentCreated',
  PaymentEventSubject & {
    paymentMethod: PaymentMethod;
    description: string;
    expiresAt: string;
    initiatedByUserId: string | null;
  }
>;

/** The customer's money was captured. Routing key `ppm.payment.succeeded.v1`. */
export type PaymentSucceeded = PaymentEvent<
  'PaymentSucceeded',
  PaymentEventSubject & {
    paymentMethod: PaymentMethod;
    gatewayReference: string | null;
    gatewayTransactionId: string;
    /** True when the capture came after we had failed, cancelled or expired the payment (see PaymentLateCaptured). */
    lateCapture: boolean;
    completedAt: string;
    gatewayCodes: Readonly<Record<string, string>>;
  }
>;

/** The payment failed (gateway refused the order, or reported the payment failed). Key `ppm.payment.failed.v1`. */
export type PaymentFailed = PaymentEvent<
  'PaymentFailed',
  PaymentEventSubject & {
    failureCode: string;
    failureReason: string;
    gatewayCodes: Readonly<Record<string, string>> | null;
  }
>;

/** The payment was cancelled by its caller or at the gateway. Routing key `ppm.payment.cancelled.v1`. */
export type PaymentCancelled = PaymentEvent<
  'PaymentCancelled',
  PaymentEventSubject & { reason: string; cancelledBy: 'CALLER' | 'GATEWAY' | 'OPERATOR' }
>;

/**
 * The tenant's risk rules held a new payment for an operator's review (PENDING_REVIEW, no gateway order): the rules
 * hit and the version of the rule set that decided. Routing key `ppm.payment.held-for-review.v1`.
 */
export type PaymentHeldForReview = PaymentEvent<
  'PaymentHeldForReview',
  PaymentEventSubject & { rulesHit: readonly RiskRuleHit[]; ruleSetVersion: number; customerRef: string | null }
>;

/**
 * An operator approved a payment held for review: it is PENDING again and its gateway order is opened next.
 * Routing key `ppm.payment.review-approved.v1`. (A rejection is a PaymentCancelled by the OPERATOR.)
 */
export type PaymentReviewApproved = PaymentEvent<
  'PaymentReviewApproved',
  PaymentEventSubject & { reviewedBy: string | null; note: string | null }
>;

/** The payment expired unpaid, by our schedule or at the gateway. Routing key `ppm.payment.expired.v1`. */
export type PaymentExpired = PaymentEvent<
  'PaymentExpired',
  PaymentEventSubject & { expiresAt: string; expiredBy: 'SCHEDULE' | 'GATEWAY' }
>;

/**
 * Money was captured after we had failed, cancelled or expired the payment: the payment is now SUCCEEDED (a
 * PaymentSucceeded went out too) and someone must decide whether to deliver or refund. Routing key
 * `ppm.payment.late-captured.v1`, an addition to the published list, so alerting can bind to it alone.
 */
export type PaymentLateCaptured = PaymentEvent<
  'PaymentLateCaptured',
  PaymentEventSubject & {
    previousStatus: Extract<PaymentStatus, 'FAILED' | 'CANCELLED' | 'EXPIRED'>;
    previousFailureCode: string | null;
    gatewayTransactionId: string;
    capturedAt: string;
  }
>;

/** A refund was recorded and its amount reserved. Routing key `ppm.refund.requested.v1`. */
export type RefundRequested = PaymentEvent<
  'RefundRequested',
  RefundEventSubject & { reason: string; initiatedByUserId: string | null; remainingRefundable: string }
>;

/** The gateway returned the money to the customer. Routing key `ppm.refund.processed.v1`. */
export type RefundProcessed = PaymentEvent<
  'RefundProcessed',
  RefundEventSubject & {
    gatewayRefundId: string | null;
    /** Sum of the payment's succeeded refunds, this one included. */
    refundedAmount: string;
    remainingRefundable: string;
    paymentStatus: Extract<PaymentStatus, 'PARTIALLY_REFUNDED' | 'REFUNDED'>;
  }
>;

/** The gateway refused the refund; its amount is refundable again. Routing key `ppm.refund.failed.v1`. */
export type RefundFailed = PaymentEvent<
  'RefundFailed',
  RefundEventSubject & { failureReason: string; remainingRefundable: string }
>;

/** Every event a `PaymentTransaction` records. */
export type PaymentDomainEvent =
  | PaymentCreated
  | PaymentSucceeded
  | PaymentFailed
  | PaymentCancelled
  | PaymentExpired
  | PaymentLateCaptured
  | PaymentHeldForReview
  | PaymentReviewApproved
  | RefundRequested
  | RefundProcessed
  | RefundFailed;

/** The `type` of a payment event. */
export type PaymentDomainEventType = PaymentDomainEvent['type'];

/** RabbitMQ routing key of each payment event on the `ppm.events` exchange. */
export const PAYMENT_EVENT_ROUTING_KEYS: Readonly<Record<PaymentDomainEventType, string>> = {
  PaymentCreated: 'ppm.payment.created.v1',
  PaymentSucceeded: 'ppm.payment.succeeded.v1',
  PaymentFailed: 'ppm.payment.failed.v1',
  PaymentCancelled: 'ppm.payment.cancelled.v1',
  PaymentExpired: 'ppm.payment.expired.v1',
  PaymentLateCaptured: 'ppm.payment.late-captured.v1',
  PaymentHeldForReview: 'ppm.payment.held-for-review.v1',
  PaymentReviewApproved: 'ppm.payment.review-approved.v1',
  RefundRequested: 'ppm.refund.requested.v1',
  RefundProcessed: 'ppm.refund.processed.v1',
  RefundFailed: 'ppm.refund.failed.v1',
};
