import { IsUUID } from 'class-validator';
import type { RefundView } from './get-refund.request';

/** `ppm.query.transaction.get` data. */
export class GetTransactionRequest {
  @IsUUID()
  transactionId!: string;
}

/** One call to the gateway to open the payment's order. The gateway's raw response is never exposed. */
export interface PaymentAttemptView {
  id: string;
  attemptNumber: number;
  /** PENDING | SUCCEEDED | FAILED | TIMED_OUT */
  status: string;
  gatewayRequestId: string;
  failureCode: string | null;
  failureReason: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** The tenant's risk rules' decision about a payment, and an operator's answer when it was held for review. */
export interface RiskDecisionView {
  /** ALLOW | REVIEW (a payment refused with BLOCK is never stored). */
  action: string;
  /** The rules hit: their place in the rule set, type and action. */
  rulesHit: { index: number; type: string; action: string }[];
  ruleSetVersion: number;
  /** The counters (Redis) could not be read: decided by the tenant's choice for that case. */
  countersUnavailable: boolean;
  decidedAt: string;
  review: { decision: string; reviewedBy: string | null; note: string | null; reviewedAt: string } | null;
}

/** One status change of a payment, derived from its timestamps, attempts and refunds. */
export interface TimelineEntry {
  status: string;
  at: string;
  /** What moved the payment: CREATED, GATEWAY_ORDER_CREATED, GATEWAY_ORDER_TIMED_OUT, GATEWAY_ORDER_REFUSED,
   * CAPTURED, LATE_CAPTURED, CLOSED, REFUND_SUCCEEDED, HELD_FOR_REVIEW, REVIEW_APPROVED, REVIEW_REJECTED. */
  cause: string;
  /** The attempt or refund behind the change, when there is one. */
  attemptId?: string;
  refundId?: string;
}

/** A payment transaction with its attempts, refunds and status timeline. Amounts are integers in minor units. */
export interface TransactionView {
  id: string;
  status: string;
  amount: number;
  currency: string;
  paymentMethodType: string;
  gatewayType: string | null;
  gatewayConfigurationId: string | null;
  gatewayReference: string | null;
  gatewayTransactionId: string | null;
  sourceBoundedContext: string;
  sourceTransactionId: string;
  description: string | null;
  initiatedByUserId: string | null;
  /** Who pays, as the caller named them in `payment.process`: its customer id and the customer's IP address. */
  customerRef: string | null;
  clientIp: string | null;
  /** Sum of the succeeded refunds. */
  refundedAmount: number;
  /** True when the money was captured after PPM had failed, cancelled or expired the payment. */
  lateCapture: boolean;
  failureCode: string | null;
  failureReason: string | null;
  metadata: Record<string, unknown> | null;
  expiresAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The aggregate version: it grows with every change and orders the payment's events. */
  version: number;
  attempts: PaymentAttemptView[];
  refunds: RefundView[];
  /** Present when the risk rules hit something or were decided without their counters. */
  riskDecision?: RiskDecisionView;
  /** VIETQR: the EMVCo payload of the QR code the payer scans (its payment code as the transfer content). */
  qrPayload?: string;
  timeline: TimelineEntry[];
}
