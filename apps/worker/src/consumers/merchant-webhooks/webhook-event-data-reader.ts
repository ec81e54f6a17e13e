import type { EntityManager } from 'typeorm';
import type { MerchantWebhookPaymentData, MerchantWebhookRefundData } from '@ppm/contracts';

interface PaymentRow {
  id: string;
  customer_ref: string | null;
  status: string;
  amount: string;
  currency: string;
  payment_method_type: string;
  gateway_type: string | null;
  gateway_reference: string | null;
  gateway_transaction_id: string | null;
  source_bounded_context: string;
  source_transaction_id: string;
  description: string | null;
  refunded_amount: string;
  late_capture: boolean;
  failure_code: string | null;
  failure_reason: string | null;
  metadata: Record<string, unknown> | null;
  expires_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface RefundRow {
  id: string;
  payment_transaction_id: string;
  amount: string;
  currency: string;
  status: string;
  reason: string | null;
  source_refund_id: string | null;
  gateway_refund_id: string | null;
  refund_date: Date | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  payment_version: number;
}

// Only the columns a merchant may see are selected (never the attempts' raw gateway answers or any credential).
const SELECT_PAYMENT = `
  SELECT p.id, p.status, p.amount::text AS amount, p.currency, p.payment_method_type, p.gateway_type,
         p.gateway_reference, p.gateway_transaction_id, p.source_bounded_context, p.source_transaction_id,
         p.description, p.customer_ref, p.refunded_amount::text AS refunded_amount, p.late_capture, p.failure_code, p.failure_reason,
         p.metadata, p.expires_at, p.completed_at, p.created_at, p.updated_at, p.version
    FROM payment_transactions p
   WHERE p.id = $1 AND p.tenant_id = $2`;

const SELECT_REFUND = `
  SELECT r.id, r.payment_transaction_id, r.amount::text AS amount, r.currency, r.status, r.reason, r.source_refund_id,
         r.gateway_refund_id, r.refund_date, r.failure_reason, r.created_at, r.updated_at, p.version AS payment_version
    FROM refunds r JOIN payment_transactions p ON p.id = r.payment_transaction_id
   WHERE r.id = $1 AND p.tenant_id = $2`;

/**
 * Reads the payment or refund an event is about, as the query side shows it, for a merchant webhook's `data`:
 * the state at fan-out (its `version` orders it), in the fan-out's own transaction. Null when it is gone (the tenant
 * was purged since).
 */
export class WebhookEventDataReader {
  async payment(manager: EntityManager, tenantId: string, id: string): Promise<MerchantWebhookPaymentData | null> {
    const [row] = await manager.query<PaymentRow[]>(SELECT_PAYMENT, [id, tenantId]);
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      amount: minorUnits(row.amount),
      currency: row.currency.trim(),
      paymentMethodType: row.payment_method_type,
      gatewayType: row.gateway_type,
      gatewayReference: row.gateway_reference,
      gatewayTransactionId: row.gateway_transaction_id,
      sourceBoundedContext: row.source_bounded_context,
      sourceTransactionId: row.source_transaction_id,
      description: row.description,
      customerRef: row.customer_ref,
      refundedAmount: minorUnits(row.refunded_amount),
      lateCapture: row.late_capture,
      failureCode: row.failure_code,
      failureReason: row.failure_reason,
      metadata: row.metadata,
      expiresAt: row.expires_at?.toISOString() ?? null,
      completedAt: row.completed_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      version: row.version,
    };
  }

  async refund(manager: EntityManager, tenantId: string, id: string): Promise<MerchantWebhookRefundData | null> {
    const [row] = await manager.query<RefundRow[]>(SELECT_REFUND, [id, tenantId]);
    if (!row) return null;
    return {
      id: row.id,
      transactionId: row.payment_transaction_id,
      amount: minorUnits(row.amount),
      currency: row.currency.trim(),
      status: row.status,
      reason: row.reason,
      sourceRefundId: row.source_refund_id,
      gatewayRefundId: row.gateway_refund_id,
      refundDate: row.refund_date?.toISOString() ?? null,
      failureReason: row.failure_reason,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      paymentVersion: row.payment_version,
    };
  }
}

/** JSON carries amounts as integers: one beyond the safe range is a fault, never a rounded number. */
function minorUnits(value: string): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new Error(`Amount ${value} is not a safe integer of minor units`);
  return amount;
}
