import type { RejectedLine } from '../parsing/settlement-parser';
import type { ReconciliationRequest } from './reconciliation-request';
import type { LoadCounts, ReconciledConfiguration } from './settlement-loader';

/** How a run ended, with its figures (amounts in minor units; refunds count negative in totals). */
export interface ReconciliationResult {
  runId: string;
  tenantId: string;
  configurationId: string;
  gatewayType: string;
  businessDate: string;
  source: string;
  status: 'COMPLETED' | 'FAILED';
  totalLines: number;
  rejectedLines: number;
  rejections: RejectedLine[];
  matched: number;
  mismatched: number;
  outcomes: Record<string, number>;
  settlementTotal: number;
  ppmTotal: number;
  feeTotal: number;
  netTotal: number;
  supersededRunIds: string[];
  settledPaymentsApplied: number;
  settledPaymentsFailed: number;
  durationMs: number;
  error: string | null;
}

/** One outcome's count and sums over the run's items, as Postgres answers them. */
export interface OutcomeTotalsRow {
  outcome: string;
  items: number;
  settlement_total: string;
  ppm_total: string;
  fee_total: string;
  net_total: string;
}

/** A run that compared the whole file: its figures come from the outcome totals. */
export function completedResult(
  runId: string,
  configuration: ReconciledConfiguration,
  request: ReconciliationRequest,
  counts: LoadCounts,
  totals: readonly OutcomeTotalsRow[],
): ReconciliationResult {
  const outcomes: Record<string, number> = {};
  let settlementTotal = 0;
  let ppmTotal = 0;
  let feeTotal = 0;
  let netTotal = 0;
  for (const row of totals) {
    outcomes[row.outcome] = row.items;
    settlementTotal += Number(row.settlement_total);
    ppmTotal += Number(row.ppm_total);
    feeTotal += Number(row.fee_total);
    netTotal += Number(row.net_total);
  }
  const items = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  const matched = outcomes['MATCHED'] ?? 0;
  return {
    ...failedResult(runId, configuration, request, counts, null),
    status: 'COMPLETED',
    matched,
    mismatched: items - matched,
    outcomes,
    settlementTotal,
    ppmTotal,
    feeTotal,
    netTotal,
  };
}

/** A run that failed: the lines it read before failing, and no figures. */
export function failedResult(
  runId: string,
  configuration: ReconciledConfiguration,
  request: ReconciliationRequest,
  counts: LoadCounts,
  error: string | null,
): ReconciliationResult {
  return {
    runId,
    tenantId: configuration.tenant_id,
    configurationId: configuration.id,
    gatewayType: configuration.gateway_type,
    businessDate: request.businessDate,
    source: request.source.location,
    status: 'FAILED',
    totalLines: counts.lines + counts.rejected,
    rejectedLines: counts.rejected,
    rejections: counts.rejections,
    matched: 0,
    mismatched: 0,
    outcomes: {},
    settlementTotal: 0,
    ppmTotal: 0,
    feeTotal: 0,
    netTotal: 0,
    supersededRunIds: [],
    settledPaymentsApplied: 0,
    settledPaymentsFailed: 0,
    durationMs: 0,
    error,
  };
}
