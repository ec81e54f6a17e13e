import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { Money } from '../money/money.value-object';
import type { Refund } from '../refund/refund.entity';
import type { ApplyOutcome } from '../shared/apply-outcome';
import type { PaymentMethod } from './payment-method';
import type { RiskRuleHit } from '../risk/risk-decision';
import type { PaymentSource } from './payment.snapshot';

// Inputs of PaymentTransaction's commands. Ids and `now` come from the caller (IdGenerator, Clock) so the domain
// stays deterministic.

/** Input of `PaymentTransaction.create`. */
export interface CreatePaymentTransactionInput {
  readonly id: string;
  readonly tenantId: string;
  readonly amount: Money;
  readonly paymentMethod: PaymentMethod;
  readonly source: PaymentSource;
  readonly gatewayConfigurationId: string;
  readonly gatewayType: GatewayType;
  readonly description: string;
  readonly returnUrl: string;
  readonly expiresAt: Date;
  readonly initiatedByUserId?: string | null;
  readonly metadata?: Readonly<Record<string, unknown>> | null;
  /** The caller's own id of the customer paying, when it sent one. */
  readonly customerRef?: string | null;
  /** The paying customer's IP address (either family), when the caller sent it. */
  readonly clientIp?: string | null;
  /** The caller's URL that also receives this payment's events as merchant webhooks, when it gave one. */
  readonly callbackUrl?: string | null;
  readonly now: Date;
}

/** Input of `startAttempt`: a create-order call about to be made. */
export interface StartAttemptInput {
  readonly attemptId: string;
  /** The gateway idempotency key of the call; a retry after a timeout must reuse the previous attempt's. */
  readonly gatewayRequestId: string;
  /** Our order reference at the gateway; fixed by the first attempt. */
  readonly gatewayReference: string;
  readonly now: Date;
}

/** Input of `markGatewayOrderCreated`. */
export interface GatewayOrderCreatedInput {
  readonly attemptId: string;
  readonly paymentUrl: string;
  readonly gatewayResponse: Readonly<Record<string, unknown>> | null;
  /** The reference as the gateway knows it, when it differs from ours (ZaloPay prefixes a date). */
  readonly gatewayReference?: string;
  readonly now: Date;
}

/** Input of `markGatewayOrderFailed`. */
export interface GatewayOrderFailedInput {
  readonly attemptId: string;
  readonly code: string;
  readonly reason: string;
  readonly gatewayResponse: Readonly<Record<string, unknown>> | null;
  readonly now: Date;
}

/** Input of `markGatewayOrderTimedOut`. */
export interface GatewayOrderTimedOutInput {
  readonly attemptId: string;
  readonly now: Date;
}

/** A payment's final outcome as a gateway reports it (webhook, IPN or status query). */
export type GatewayPaymentOutcome = 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** Input of `applyGatewayResult`. */
export interface GatewayResultInput {
  readonly outcome: GatewayPaymentOutcome;
  /** The gateway's id of the payment; required for `succeeded` (it identifies a duplicate report). */
  readonly gatewayTransactionId: string | null;
  /** The amount the gateway reports, converted from its own units by the adapter. */
  readonly amount: Money;
  /** The gateway's own result codes (e.g. `{ vnp_ResponseCode: '24' }`), kept for audit and failure codes. */
  readonly rawCodes: Readonly<Record<string, string>>;
  /** A human-readable reason, when the gateway gave one. */
  readonly reason?: string;
  readonly now: Date;
}

/** Input of `cancel`. */
export interface CancelPaymentInput {
  readonly reason: string;
  readonly now: Date;
}

/** Input of `expire`. */
export interface ExpirePaymentInput {
  readonly now: Date;
}

/** Input of `requestRefund`. */
export interface RequestRefundInput {
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  /** The caller's own id of the refund: a repeat returns the existing refund instead of a new one. */
  readonly sourceRefundId?: string | null;
  readonly gatewayRequestId: string;
  readonly initiatedByUserId?: string | null;
  readonly now: Date;
}

/** Input of `markRefundProcessing`: the refund was sent to the gateway. */
export interface RefundProcessingInput {
  readonly refundId: string;
  readonly gatewayRefundId?: string | null;
  readonly now: Date;
}

/** Input of `applyRefundResult`: the gateway's final answer about a refund. */
export interface RefundResultInput {
  readonly refundId: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly gatewayRefundId: string | null;
  readonly reason?: string;
  readonly now: Date;
}

/** What `requestRefund` returns: the refund (new, or the existing one for a repeated sourceRefundId). */
export interface RefundRequestOutcome extends ApplyOutcome {
  readonly refund: Refund;
  /** What can still be refunded after this refund. */
  readonly remainingRefundable: Money;
}

/** The risk rules asked for a review of a new payment: the decision to keep with it. */
export interface HoldForReviewInput {
  readonly rulesHit: readonly RiskRuleHit[];
  readonly ruleSetVersion: number;
  readonly now: Date;
}

/** An operator's answer to a payment held for review. */
export interface ReviewInput {
  readonly decision: 'APPROVE' | 'REJECT';
  /** The operator's user id, when the request carried one. */
  readonly reviewedBy: string | null;
  readonly note: string | null;
  readonly now: Date;
}

/** Our schedule expires a payment left in review longer than the review timeout. */
export interface ExpireReviewInput {
  readonly reviewTimeoutMs: number;
  readonly now: Date;
}
