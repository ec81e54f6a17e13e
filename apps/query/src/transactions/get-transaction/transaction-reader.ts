import { Injectable } from '@nestjs/common';
import type { PaymentAttemptView, RiskDecisionView, TransactionView } from '@ppm/contracts';
import { ownedByTenant } from '@ppm/persistence';
import { isoTime, isoTimeOrNull, minorUnits } from '../../shared/column-values';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { REFUND_JSON, refundView, type RefundJson } from '../../shared/refund-view';
import { statusTimeline } from './transaction-timeline';

interface AttemptJson {
  id: string;
  attempt_number: number;
  gateway_request_id: string;
  status: string;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: string;
  completed_at: string | null;
}

interface TransactionRow {
  id: string;
  tenant_id: string;
  status: string;
  amount: string;
  currency: string;
  payment_method_type: string;
  gateway_type: string | null;
  payment_gateway_id: string | null;
  gateway_reference: string | null;
  gateway_transaction_id: string | null;
  source_bounded_context: string;
  source_transaction_id: string;
  description: string | null;
  initiated_by_user_id: string | null;
  customer_ref: string | null;
  client_ip: string | null;
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
  attempts: AttemptJson[];
  refunds: RefundJson[];
  risk_decision: RiskDecisionJson | null;
  qr_payload: string | null;
}

interface RiskDecisionJson {
  action: string;
  rules_hit: RiskDecisionView['rulesHit'];
  rule_set_version: number;
  counters_unavailable: boolean;
  decided_at: string;
  review_decision: string | null;
  reviewed_by: string | null;
  review_note: string | null;
  reviewed_at: string | null;
}

// One statement, one snapshot: the payment with its attempts, refunds and risk decision (never the attempts' raw gateway
// responses, but the VietQR code the latest opened order gave the payer). Scoped by tenant: another tenant's id reads
// nothing.
const SELECT_TRANSACTION = `
  SELECT p.id, p.tenant_id, p.status, p.amount::text AS amount, p.currency, p.payment_method_type, p.gateway_type,
         p.payment_gateway_id, p.gateway_reference, p.gateway_transaction_id, p.source_bounded_context,
         p.source_transaction_id, p.description, p.initiated_by_user_id, p.refunded_amount::text AS refunded_amount,
         p.late_capture, p.failure_code, p.failure_reason, p.metadata, p.expires_at, p.completed_at, p.created_at,
         p.updated_at, p.version, p.customer_ref, host(p.client_ip) AS client_ip,
         COALESCE((
           SELECT json_agg(json_build_object(
                    'id', a.id, 'attempt_number', a.attempt_number, 'gateway_request_id', a.gateway_request_id,
                    'status', a.status, 'failure_code', a.failure_code, 'failure_reason', a.failure_reason,
                    'created_at', a.created_at, 'completed_at', a.completed_at) ORDER BY a.attempt_number)
             FROM payment_attempts a
            WHERE a.payment_transaction_id = p.id
         ), '[]'::json) AS attempts,
         COALESCE((
           SELECT json_agg(${REFUND_JSON} ORDER BY r.created_at, r.id)
             FROM refunds r
            WHERE r.payment_transaction_id = p.id
         ), '[]'::json) AS refunds,
         (SELECT json_build_object(
                   'action', d.action, 'rules_hit', d.rules_hit, 'rule_set_version', d.rule_set_version,
                   'counters_unavailable', d.counters_unavailable, 'decided_at', d.decided_at,
                   'review_decision', d.review_decision, 'reviewed_by', d.reviewed_by, 'review_note', d.review_note,
                   'reviewed_at', d.reviewed_at)
            FROM risk_decisions d
           WHERE d.tenant_id = p.tenant_id AND d.payment_transaction_id = p.id) AS risk_decision,
         (SELECT a.gateway_response ->> 'qrPayload'
            FROM payment_attempts a
           WHERE a.payment_transaction_id = p.id AND a.gateway_response ? 'qrPayload'
           ORDER BY a.attempt_number DESC
           LIMIT 1) AS qr_payload
    FROM payment_transactions p
   WHERE p.id = $1 AND ${ownedByTenant('p.tenant_id', '$2')}`;

/** A transaction read from Postgres with the version it was read at. */
export interface VersionedTransaction {
  view: TransactionView;
  version: number;
}

/** Reads one transaction of a tenant as the contract's TransactionView (plain SQL, no domain objects). */
@Injectable()
export class TransactionReader {
  constructor(private readonly database: ReadModelDatabase) {}

  /**
   * The transaction, or null. `floor`: a version an invalidating event has already announced; a replica that is
   * still behind it, or has not got the transaction yet, is not trusted: the primary is read instead.
   */
  async read(
    tenantId: string,
    transactionId: string,
    floor: number | null = null,
  ): Promise<VersionedTransaction | null> {
    const row = await this.database.readCurrent<TransactionRow>(SELECT_TRANSACTION, [transactionId, tenantId], floor);
    return row ? { view: toView(row), version: row.version } : null;
  }
}

function attemptView(attempt: AttemptJson): PaymentAttemptView {
  return {
    id: attempt.id,
    attemptNumber: attempt.attempt_number,
    status: attempt.status,
    gatewayRequestId: attempt.gateway_request_id,
    failureCode: attempt.failure_code,
    failureReason: attempt.failure_reason,
    createdAt: isoTime(attempt.created_at),
    completedAt: isoTimeOrNull(attempt.completed_at),
  };
}

function riskDecisionView(decision: RiskDecisionJson): RiskDecisionView {
  return {
    action: decision.action,
    rulesHit: decision.rules_hit,
    ruleSetVersion: decision.rule_set_version,
    countersUnavailable: decision.counters_unavailable,
    decidedAt: isoTime(decision.decided_at),
    review:
      decision.review_decision === null || decision.reviewed_at === null
        ? null
        : {
            decision: decision.review_decision,
            reviewedBy: decision.reviewed_by,
            note: decision.review_note,
            reviewedAt: isoTime(decision.reviewed_at),
          },
  };
}

function toView(row: TransactionRow): TransactionView {
  const view: Omit<TransactionView, 'timeline'> = {
    id: row.id,
    status: row.status,
    amount: minorUnits(row.amount),
    currency: row.currency.trim(),
    paymentMethodType: row.payment_method_type,
    gatewayType: row.gateway_type,
    gatewayConfigurationId: row.payment_gateway_id,
    gatewayReference: row.gateway_reference,
    gatewayTransactionId: row.gateway_transaction_id,
    sourceBoundedContext: row.source_bounded_context,
    sourceTransactionId: row.source_transaction_id,
    description: row.description,
    initiatedByUserId: row.initiated_by_user_id,
    customerRef: row.customer_ref,
    clientIp: row.client_ip,
    refundedAmount: minorUnits(row.refunded_amount),
    lateCapture: row.late_capture,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    metadata: row.metadata,
    expiresAt: isoTimeOrNull(row.expires_at),
    completedAt: isoTimeOrNull(row.completed_at),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    version: row.version,
    attempts: row.attempts.map(attemptView),
    refunds: row.refunds.map(refundView),
    ...(row.risk_decision === null ? {} : { riskDecision: riskDecisionView(row.risk_decision) }),
    ...(row.qr_payload === null ? {} : { qrPayload: row.qr_payload }),
  };
  return { ...view, timeline: statusTimeline(view) };
}
