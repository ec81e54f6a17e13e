import {
  CAPTURED_STATUSES,
  CLOSED_WITHOUT_CAPTURE_STATUSES,
  IN_FLIGHT_STATUSES,
  type PaymentStatus,
} from '@ppm/domain';

// The SQL of a reconciliation run. $1 run id, $2 tenant id, $3 gateway type, $4 configuration id, and for the
// PPM side of the day $5/$6 the business day's bounds [start, end) as instants. Settlement lines sit in the run's temp table `settlement_lines`.

/** A list of the domain's status constants as an SQL `IN` list (constants only: nothing from outside is quoted here). */
const sqlList = (statuses: readonly PaymentStatus[]): string =>
  `(${statuses.map((status) => `'${status}'`).join(', ')})`;

const CAPTURED = sqlList(CAPTURED_STATUSES);
const CLOSED = sqlList(CLOSED_WITHOUT_CAPTURE_STATUSES);
const IN_FLIGHT = sqlList(IN_FLIGHT_STATUSES);

/** The run's staging table: dropped with its transaction, never logged, invisible to other sessions. */
export const CREATE_STAGING = `
  CREATE TEMP TABLE settlement_lines (
    line_number integer NOT NULL,
    kind text NOT NULL,
    reference text NOT NULL,
    gateway_transaction_id text NOT NULL,
    amount bigint NOT NULL,
    fee bigint NOT NULL,
    net_amount bigint NOT NULL,
    currency text NULL,
    settled boolean NOT NULL,
    status text NOT NULL,
    settled_at timestamptz NULL
  ) ON COMMIT DROP`;

/** One batch of parsed lines, as parallel arrays (one parameter per column, whatever the batch size). */
export const INSERT_STAGING = `
  INSERT INTO settlement_lines
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
                       $8::text[], $9::boolean[], $10::text[], $11::timestamptz[])`;

export const INDEX_STAGING = [
  `CREATE INDEX ON settlement_lines (reference) WHERE kind = 'PAYMENT'`,
  `CREATE INDEX ON settlement_lines (gateway_transaction_id) WHERE kind = 'REFUND'`,
  `ANALYZE settlement_lines`,
];

const ITEM_COLUMNS = `
  run_id, tenant_id, line_number, outcome, line_type, payment_transaction_id, refund_id, gateway_transaction_id,
  gateway_reference, settlement_amount, ppm_amount, fee, net_amount, currency, settlement_status, ppm_status,
  settled_at, details`;

// A line's currency: as the file states it, else the one its gateway reports amounts in ($5). The same number in
// another currency is another amount.
const SETTLED_CURRENCY = `COALESCE(s.currency, $5)`;

/**
 * Payment lines against the configuration's payments, by gateway reference. First reason wins: a repeated line or
 * an unknown reference is missing in PPM; a line the gateway did not settle disagrees only with a captured payment;
 * then currency and amount (a line naming no currency is in the one the gateway reports in, $5); then a
 * payment PPM closed (failed, expired, cancelled) that the gateway settled is a late capture;
 * one PPM still has in flight is a status mismatch.
 */
export const CLASSIFY_PAYMENT_LINES = `
  INSERT INTO reconciliation_items (${ITEM_COLUMNS})
  SELECT $1, $2, s.line_number, c.outcome, 'PAYMENT', p.id, NULL, s.gateway_transaction_id, s.reference, s.amount,
         p.amount, s.fee, s.net_amount, COALESCE(s.currency, p.currency, 'VND'), s.status, p.status, s.settled_at,
         CASE WHEN c.reason IS NULL THEN NULL ELSE jsonb_build_object('reason', c.reason) END
    FROM (SELECT l.*, row_number() OVER (PARTITION BY l.reference ORDER BY l.line_number) AS nth
            FROM settlement_lines l WHERE l.kind = 'PAYMENT') s
    LEFT JOIN payment_transactions p
      ON p.gateway_type = $3 AND p.gateway_reference = s.reference AND p.payment_gateway_id = $4 AND p.tenant_id = $2
   CROSS JOIN LATERAL (
     SELECT CASE
              WHEN s.nth > 1 THEN 'duplicate_line'
              WHEN p.id IS NULL THEN 'not_in_ppm'
              WHEN NOT s.settled THEN CASE WHEN p.status IN ${CAPTURED} THEN 'gateway_not_settled' END
              WHEN ${SETTLED_CURRENCY} <> p.currency THEN 'currency_differs'
              WHEN p.amount <> s.amount THEN 'amount_differs'
              WHEN p.status IN ${CLOSED} THEN 'settled_after_ppm_closed'
              WHEN p.status IN ${IN_FLIGHT} THEN 'ppm_in_flight'
            END AS reason) r
   CROSS JOIN LATERAL (
     SELECT r.reason, CASE r.reason
              WHEN 'duplicate_line' THEN 'MISSING_IN_PPM'
              WHEN 'not_in_ppm' THEN 'MISSING_IN_PPM'
              WHEN 'gateway_not_settled' THEN 'STATUS_MISMATCH'
              WHEN 'currency_differs' THEN 'AMOUNT_MISMATCH'
              WHEN 'amount_differs' THEN 'AMOUNT_MISMATCH'
              WHEN 'settled_after_ppm_closed' THEN 'LATE_CAPTURE'
              WHEN 'ppm_in_flight' THEN 'STATUS_MISMATCH'
              ELSE 'MATCHED'
            END AS outcome) c`;

/**
 * Refund lines against the configuration's refunds, by the gateway's refund id. Every disagreement about a
 * refund is a REFUND_MISMATCH; details.reason says which. Amounts are compared with their currency, as above.
 */
export const CLASSIFY_REFUND_LINES = `
  INSERT INTO reconciliation_items (${ITEM_COLUMNS})
  SELECT $1, $2, s.line_number, CASE WHEN r.reason IS NULL THEN 'MATCHED' ELSE 'REFUND_MISMATCH' END, 'REFUND',
         rf.payment_transaction_id, rf.id, s.gateway_transaction_id, s.reference, s.amount, rf.amount, s.fee,
         s.net_amount, COALESCE(s.currency, rf.currency, 'VND'), s.status, rf.status, s.settled_at,
         CASE WHEN r.reason IS NULL THEN NULL ELSE jsonb_build_object('reason', r.reason) END
    FROM (SELECT l.*, row_number() OVER (PARTITION BY l.gateway_transaction_id ORDER BY l.line_number) AS nth
            FROM settlement_lines l WHERE l.kind = 'REFUND') s
    LEFT JOIN (refunds rf JOIN payment_transactions p
                 ON p.id = rf.payment_transaction_id AND p.payment_gateway_id = $4 AND p.tenant_id = $2
                AND p.gateway_type = $3)
      ON rf.gateway_refund_id = s.gateway_transaction_id
   CROSS JOIN LATERAL (
     SELECT CASE
              WHEN s.nth > 1 THEN 'duplicate_line'
              WHEN rf.id IS NULL THEN 'not_in_ppm'
              WHEN NOT s.settled THEN CASE WHEN rf.status = 'SUCCEEDED' THEN 'gateway_not_settled' END
              WHEN ${SETTLED_CURRENCY} <> rf.currency THEN 'currency_differs'
              WHEN rf.amount <> s.amount THEN 'amount_differs'
              WHEN rf.status <> 'SUCCEEDED' THEN 'ppm_not_succeeded'
            END AS reason) r`;

/**
 * The configuration's payments captured that day that no payment line names. A payment the current run of another
 * day matched to a line is not missing: the gateway settled it that day, and PPM completed it later (a late capture
 * applied after midnight by that day's run).
 */
export const PAYMENTS_MISSING_IN_SETTLEMENT = `
  INSERT INTO reconciliation_items (${ITEM_COLUMNS})
  SELECT $1, $2, NULL, 'MISSING_IN_SETTLEMENT', 'PAYMENT', p.id, NULL, p.gateway_transaction_id, p.gateway_reference,
         NULL, p.amount, NULL, NULL, p.currency, NULL, p.status, NULL,
         jsonb_build_object('reason', 'not_in_settlement', 'completedAt', p.completed_at)
    FROM payment_transactions p
   WHERE p.payment_gateway_id = $4 AND p.tenant_id = $2 AND p.gateway_type = $3
     AND p.status IN ${CAPTURED} AND p.completed_at >= $5 AND p.completed_at < $6
     AND NOT EXISTS (SELECT 1 FROM settlement_lines s WHERE s.kind = 'PAYMENT' AND s.reference = p.gateway_reference)
     AND NOT EXISTS (SELECT 1 FROM reconciliation_items i JOIN reconciliation_runs r ON r.id = i.run_id
                      WHERE i.payment_transaction_id = p.id AND i.line_type = 'PAYMENT' AND i.line_number IS NOT NULL
                        AND r.status = 'COMPLETED' AND r.payment_gateway_id = $4
                        AND r.business_date <> (SELECT business_date FROM reconciliation_runs WHERE id = $1))`;

/** The configuration's refunds that succeeded that day that no refund line names. */
export const REFUNDS_MISSING_IN_SETTLEMENT = `
  INSERT INTO reconciliation_items (${ITEM_COLUMNS})
  SELECT $1, $2, NULL, 'REFUND_MISMATCH', 'REFUND', rf.payment_transaction_id, rf.id, rf.gateway_refund_id,
         p.gateway_reference, NULL, rf.amount, NULL, NULL, rf.currency, NULL, rf.status, NULL,
         jsonb_build_object('reason', 'not_in_settlement', 'refundDate', rf.refund_date)
    FROM refunds rf
    JOIN payment_transactions p ON p.id = rf.payment_transaction_id
   WHERE p.payment_gateway_id = $4 AND p.tenant_id = $2 AND p.gateway_type = $3
     AND rf.status = 'SUCCEEDED' AND rf.refund_date >= $5 AND rf.refund_date < $6
     AND NOT EXISTS (SELECT 1 FROM settlement_lines s WHERE s.kind = 'REFUND'
                                                        AND s.gateway_transaction_id = rf.gateway_refund_id)`;

/**
 * The run's figures per outcome. Refunds count negative. PPM's total counts only what PPM holds as captured
 * (payments) or succeeded (refunds).
 */
export const OUTCOME_TOTALS = `
  SELECT outcome, count(*)::int AS items,
         COALESCE(sum(CASE WHEN line_type = 'REFUND' THEN -settlement_amount ELSE settlement_amount END), 0)::text
           AS settlement_total,
         COALESCE(sum(CASE
                         WHEN line_type = 'PAYMENT' AND ppm_status IN ${CAPTURED} THEN ppm_amount
                         WHEN line_type = 'REFUND' AND ppm_status = 'SUCCEEDED' THEN -ppm_amount
                       END), 0)::text AS ppm_total,
         COALESCE(sum(fee), 0)::text AS fee_total,
         COALESCE(sum(net_amount), 0)::text AS net_total
    FROM reconciliation_items WHERE run_id = $1
   GROUP BY outcome`;

/** Settled payments PPM did not count as captured: what the run asks the command service to apply. */
export const SETTLED_PAYMENTS_TO_APPLY = `
  SELECT id, gateway_reference, gateway_transaction_id, settlement_amount::text AS amount
    FROM reconciliation_items
   WHERE run_id = $1 AND line_type = 'PAYMENT' AND outcome IN ('LATE_CAPTURE', 'STATUS_MISMATCH')
     AND details->>'reason' IN ('settled_after_ppm_closed', 'ppm_in_flight')
     AND id > $2
   ORDER BY id
   LIMIT $3`;
