// The SQL of the payment repository: the payment with its children read in one statement, and the parts its
// single-statement writes are composed of.
import { RISK_RULE_SET_IS_AT } from '../risk/risk-rule-set-version.sql';
import { ownedByTenant } from '../shared/tenant-check';
import type { PaymentAttemptColumns, PaymentTransactionColumns, RefundColumns } from './payment-transaction.rows';

// A payment with its attempts and refunds in one statement (one round trip, one consistent snapshot). Amounts are
// selected as text so no driver setting can turn them into floats.
export const SELECT_PAYMENT = `
  SELECT p.id, p.tenant_id, p.amount::text AS amount, p.currency, p.payment_method_type, p.status,
         p.initiated_by_user_id, p.source_bounded_context, p.source_transaction_id, p.payment_gateway_id,
         p.gateway_type, p.gateway_reference, p.gateway_transaction_id, p.description, p.return_url, p.payment_url,
         p.expires_at, p.late_capture, p.metadata, p.failure_code, p.failure_reason, p.version, p.created_at,
         p.updated_at, p.completed_at, p.customer_ref, host(p.client_ip) AS client_ip, p.callback_url,
         COALESCE((
           SELECT json_agg(json_build_object(
                    'id', a.id, 'attempt_number', a.attempt_number, 'gateway_request_id', a.gateway_request_id,
                    'status', a.status, 'gateway_response', a.gateway_response, 'failure_code', a.failure_code,
                    'failure_reason', a.failure_reason, 'created_at', a.created_at, 'completed_at', a.completed_at
                  ) ORDER BY a.attempt_number)
             FROM payment_attempts a
            WHERE a.payment_transaction_id = p.id
         ), '[]'::json) AS attempts,
         COALESCE((
           SELECT json_agg(json_build_object(
                    'id', r.id, 'amount', r.amount::text, 'currency', r.currency, 'status', r.status,
                    'reason', r.reason, 'source_refund_id', r.source_refund_id,
                    'gateway_request_id', r.gateway_request_id, 'gateway_refund_id', r.gateway_refund_id,
                    'initiated_by_user_id', r.initiated_by_user_id, 'refund_date', r.refund_date,
                    'failure_reason', r.failure_reason, 'created_at', r.created_at, 'updated_at', r.updated_at
                  ) ORDER BY r.created_at, r.id)
             FROM refunds r
            WHERE r.payment_transaction_id = p.id
         ), '[]'::json) AS refunds
    FROM payment_transactions p`;

// A new payment at version 1, written when `condition` holds (the write's terms); the write appends nothing: it
// returns its version.
export const INSERT_PAYMENT = (condition: string): string => `
  INSERT INTO payment_transactions (
    id, tenant_id, amount, currency, payment_method_type, status, initiated_by_user_id, source_bounded_context,
    source_transaction_id, payment_gateway_id, gateway_type, gateway_reference, gateway_transaction_id, description,
    return_url, payment_url, expires_at, refunded_amount, late_capture, metadata, failure_code, failure_reason,
    created_at, updated_at, completed_at, customer_ref, client_ip, callback_url, version)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
         $24, $25, $26, $27, $28, 1
   WHERE ${condition}
  RETURNING version`;

// A new payment's configuration ($10) is still the one it was decided on: stored at version `$version`, active, not
// deleted. Checked by the payment's own insert, so a cached configuration costs no round trip and a changed one is
// never used for a payment written after the change committed.
export const CONFIGURATION_IS_CURRENT = (version: number): string => `
  SELECT 1 FROM payment_gateway_configurations
   WHERE id = $10 AND tenant_id = $2 AND version = $${version} AND is_active AND deleted_at IS NULL`;

// A new payment's tenant ($2) decides on its risk rules at version `$version` still (written when `condition`
// holds, so the terms before it gate this one and it gates the next).
export const RISK_RULES_ARE_CURRENT = (version: number, condition: string): string => `
  SELECT 1 WHERE ${condition} AND ${RISK_RULE_SET_IS_AT(2, version)}`;

// Points the idempotency key a new payment is created under at it (`payment.process`: the key's record is what
// a retry of an interrupted request continues the payment from), in the payment's own insert statement: no round
// trip of its own. `$1`, `$2`: the payment's id and tenant, as in INSERT_PAYMENT.
export const NAME_PAYMENT_IN_ITS_KEY = (first: number, condition: string): string => `
  UPDATE idempotency_keys SET payment_transaction_id = $1
   WHERE tenant_id = $2 AND scope = $${first} AND key = $${first + 1} AND ${condition}
  RETURNING 1`;

// Only what the payment's commands change; identity, amount, source and creation facts are written once. Written
// when `condition` holds (the write's terms).
export const UPDATE_PAYMENT = (condition: string): string => `
    UPDATE payment_transactions
       SET status = $4, gateway_reference = $5, gateway_transaction_id = $6, payment_url = $7, expires_at = $8,
           refunded_amount = $9, late_capture = $10, failure_code = $11, failure_reason = $12, updated_at = $13,
           completed_at = $14, version = version + 1
     WHERE id = $1 AND ${ownedByTenant('tenant_id', '$2')} AND version = $3 AND ${condition}
    RETURNING version`;

// The payment is still at the version a save expects ($3): checked before a save claims its request's key, so a
// stale save claims none (but for a writer committing in between, which the save's own UPDATE then finds).
export const PAYMENT_IS_AT_VERSION = `
  SELECT 1 FROM payment_transactions WHERE id = $1 AND ${ownedByTenant('tenant_id', '$2')} AND version = $3`;

// An attempt's and a refund's columns, in the order of their parameters.
export const ATTEMPT_COLUMNS = [
  'id',
  'tenant_id',
  'payment_transaction_id',
  'attempt_number',
  'gateway_type',
  'gateway_request_id',
  'status',
  'gateway_response',
  'failure_code',
  'failure_reason',
  'created_at',
  'completed_at',
] as const satisfies readonly (keyof PaymentAttemptColumns)[];

export const REFUND_COLUMNS = [
  'id',
  'tenant_id',
  'payment_transaction_id',
  'amount',
  'currency',
  'status',
  'reason',
  'source_refund_id',
  'initiated_by_user_id',
  'refund_date',
  'gateway_refund_id',
  'gateway_request_id',
  'failure_reason',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RefundColumns)[];

// An attempt or refund id already used by another payment must not be overwritten: the WHERE skips it, and the
// statement's ownership check (the repository's `write`) then fails the whole write. One row per statement: `INSERT … SELECT $1, …`
// takes the column types from the table (a multi-row VALUES under a SELECT would read every parameter as text).
export const UPSERT_ATTEMPT = (first: number, condition: string): string => `
  INSERT INTO payment_attempts (${ATTEMPT_COLUMNS.join(', ')})
  SELECT ${placeholders(first, ATTEMPT_COLUMNS.length)} WHERE ${condition}
  ON CONFLICT (id) DO UPDATE
     SET status = EXCLUDED.status, gateway_response = EXCLUDED.gateway_response,
         failure_code = EXCLUDED.failure_code, failure_reason = EXCLUDED.failure_reason,
         completed_at = EXCLUDED.completed_at
   WHERE payment_attempts.payment_transaction_id = EXCLUDED.payment_transaction_id
  RETURNING id`;

// A refund's own version counts its changes (the read side may use it); rewriting an unchanged refund keeps it.
export const UPSERT_REFUND = (first: number, condition: string): string => `
  INSERT INTO refunds (${REFUND_COLUMNS.join(', ')}, version)
  SELECT ${placeholders(first, REFUND_COLUMNS.length + 1)} WHERE ${condition}
  ON CONFLICT (id) DO UPDATE
     SET status = EXCLUDED.status, gateway_refund_id = EXCLUDED.gateway_refund_id,
         refund_date = EXCLUDED.refund_date, failure_reason = EXCLUDED.failure_reason,
         updated_at = EXCLUDED.updated_at,
         version = refunds.version + CASE
           WHEN (refunds.status, refunds.gateway_refund_id, refunds.refund_date, refunds.failure_reason)
                IS DISTINCT FROM
                (EXCLUDED.status, EXCLUDED.gateway_refund_id, EXCLUDED.refund_date, EXCLUDED.failure_reason)
           THEN 1 ELSE 0 END
   WHERE refunds.payment_transaction_id = EXCLUDED.payment_transaction_id
  RETURNING id`;

/** INSERT_PAYMENT's parameters, in its order. */
export function insertParams(row: PaymentTransactionColumns): unknown[] {
  return [
    row.id,
    row.tenant_id,
    row.amount,
    row.currency,
    row.payment_method_type,
    row.status,
    row.initiated_by_user_id,
    row.source_bounded_context,
    row.source_transaction_id,
    row.payment_gateway_id,
    row.gateway_type,
    row.gateway_reference,
    row.gateway_transaction_id,
    row.description,
    row.return_url,
    row.payment_url,
    row.expires_at,
    row.refunded_amount,
    row.late_capture,
    row.metadata,
    row.failure_code,
    row.failure_reason,
    row.created_at,
    row.updated_at,
    row.completed_at,
    row.customer_ref,
    row.client_ip,
    row.callback_url,
  ];
}

/** UPDATE_PAYMENT's parameters, in its order: the row at the version the save expects. */
export function updateParams(row: PaymentTransactionColumns, expected: number): unknown[] {
  return [
    row.id,
    row.tenant_id,
    expected,
    row.status,
    row.gateway_reference,
    row.gateway_transaction_id,
    row.payment_url,
    row.expires_at,
    row.refunded_amount,
    row.late_capture,
    row.failure_code,
    row.failure_reason,
    row.updated_at,
    row.completed_at,
  ];
}

/** `$first, $first+1, …` for `count` parameters. */
function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}
