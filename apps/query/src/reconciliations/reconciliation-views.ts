import type { ReconciliationItemView, ReconciliationRunSummary } from '@ppm/contracts';
import { isoTime, isoTimeOrNull, minorUnits } from '../shared/column-values';

/** The columns of a run summary, for every reconciliation query. */
export const RUN_COLUMNS = `
  id, payment_gateway_id, gateway_type, business_date::text AS business_date, status, source,
  superseded_by, total_lines, matched, mismatched, settlement_total::text, ppm_total::text, fee_total::text,
  net_total::text, outcome_counts, rejected_lines, started_at, completed_at, error`;

/** The columns of an item view. */
export const ITEM_COLUMNS = `
  id, line_number, outcome, payment_transaction_id, refund_id, gateway_transaction_id, gateway_reference,
  settlement_amount::text, ppm_amount::text, fee::text, net_amount::text, currency, settlement_status, ppm_status,
  details, resolution_status, resolved_by, resolution_note, resolved_at, line_type`;

/** A reconciliation_runs row as RUN_COLUMNS reads it. */
export interface RunRow {
  id: string;
  payment_gateway_id: string;
  gateway_type: string;
  business_date: string;
  status: string;
  source: string;
  superseded_by: string | null;
  total_lines: number;
  matched: number;
  mismatched: number;
  settlement_total: string;
  ppm_total: string;
  fee_total: string;
  net_total: string;
  outcome_counts: Record<string, number>;
  rejected_lines: number;
  started_at: Date;
  completed_at: Date | null;
  error: string | null;
}

/** A reconciliation_items row as ITEM_COLUMNS reads it. */
export interface ItemRow {
  id: string;
  line_number: number | null;
  outcome: ReconciliationItemView['outcome'];
  payment_transaction_id: string | null;
  refund_id: string | null;
  gateway_transaction_id: string | null;
  gateway_reference: string | null;
  settlement_amount: string | null;
  ppm_amount: string | null;
  fee: string | null;
  net_amount: string | null;
  currency: string | null;
  settlement_status: string | null;
  ppm_status: string | null;
  details: Record<string, unknown> | null;
  resolution_status: 'OPEN' | 'RESOLVED';
  resolved_by: string | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  line_type: string | null;
}

const amountOrNull = (value: string | null): number | null => (value === null ? null : minorUnits(value));

/** The contract's run summary. */
export function runSummary(row: RunRow): ReconciliationRunSummary & {
  netTotal: number;
  rejectedLines: number;
} {
  return {
    id: row.id,
    gatewayConfigurationId: row.payment_gateway_id,
    gatewayType: row.gateway_type,
    businessDate: row.business_date,
    status: row.status,
    source: row.source,
    supersededBy: row.superseded_by,
    totalLines: row.total_lines,
    matched: row.matched,
    mismatched: row.mismatched,
    settlementTotal: minorUnits(row.settlement_total),
    ppmTotal: minorUnits(row.ppm_total),
    feeTotal: minorUnits(row.fee_total),
    netTotal: minorUnits(row.net_total),
    rejectedLines: row.rejected_lines,
    outcomes: row.outcome_counts,
    startedAt: isoTime(row.started_at),
    completedAt: isoTimeOrNull(row.completed_at),
    error: row.error,
  };
}

/** The contract's item view. */
export function itemView(row: ItemRow): ReconciliationItemView & { lineType: string | null } {
  return {
    id: row.id,
    lineNumber: row.line_number,
    outcome: row.outcome,
    lineType: row.line_type,
    paymentTransactionId: row.payment_transaction_id,
    refundId: row.refund_id,
    gatewayTransactionId: row.gateway_transaction_id,
    gatewayReference: row.gateway_reference,
    settlementAmount: amountOrNull(row.settlement_amount),
    ppmAmount: amountOrNull(row.ppm_amount),
    fee: amountOrNull(row.fee),
    netAmount: amountOrNull(row.net_amount),
    currency: row.currency?.trim() ?? null,
    settlementStatus: row.settlement_status,
    ppmStatus: row.ppm_status,
    details: row.details,
    resolutionStatus: row.resolution_status,
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
    resolvedAt: isoTimeOrNull(row.resolved_at),
  };
}
