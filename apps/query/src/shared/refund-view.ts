import type { RefundView } from '@ppm/contracts';
import { isoTime, isoTimeOrNull, minorUnits } from './column-values';

/** A refund row as json_build_object returns it (amount as text: no float ever). */
export interface RefundJson {
  id: string;
  payment_transaction_id: string;
  amount: string;
  currency: string;
  status: string;
  reason: string | null;
  source_refund_id: string | null;
  gateway_refund_id: string | null;
  initiated_by_user_id: string | null;
  refund_date: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** The columns of a refund as JSON, shared by the transaction read and `refund.get`. */
export const REFUND_JSON = `json_build_object(
  'id', r.id, 'payment_transaction_id', r.payment_transaction_id, 'amount', r.amount::text, 'currency', r.currency,
  'status', r.status, 'reason', r.reason, 'source_refund_id', r.source_refund_id,
  'gateway_refund_id', r.gateway_refund_id, 'initiated_by_user_id', r.initiated_by_user_id,
  'refund_date', r.refund_date, 'failure_reason', r.failure_reason, 'created_at', r.created_at,
  'updated_at', r.updated_at)`;

/** A refund row (from JSON) as the contract's RefundView. */
export function refundView(refund: RefundJson): RefundView {
  return {
    id: refund.id,
    transactionId: refund.payment_transaction_id,
    amount: minorUnits(refund.amount),
    currency: refund.currency.trim(),
    status: refund.status,
    reason: refund.reason,
    sourceRefundId: refund.source_refund_id,
    gatewayRefundId: refund.gateway_refund_id,
    initiatedByUserId: refund.initiated_by_user_id,
    refundDate: isoTimeOrNull(refund.refund_date),
    failureReason: refund.failure_reason,
    createdAt: isoTime(refund.created_at),
    updatedAt: isoTime(refund.updated_at),
  };
}
