import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** Statuses of a reconciliation run. A re-run of the same configuration and day supersedes the earlier run. */
export const RECONCILIATION_RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'SUPERSEDED'] as const;

/** Largest page of `reconciliation.list` and of the items of `reconciliation.get`; the default is 20 / 100. */
export const MAX_RECONCILIATION_PAGE = 100;

/**
 * `ppm.query.reconciliation.list` data: the tenant's runs, newest business day first, then newest start first.
 * `businessDateFrom`/`businessDateTo` are inclusive GMT+7 business days (yyyy-mm-dd). Superseded runs are left out
 * unless `includeSuperseded` is true.
 */
export class ListReconciliationsRequest {
  @IsOptional()
  @IsUUID()
  gatewayConfigurationId?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'businessDateFrom must be a date yyyy-mm-dd' })
  businessDateFrom?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'businessDateTo must be a date yyyy-mm-dd' })
  businessDateTo?: string;

  @IsOptional()
  @IsIn(RECONCILIATION_RUN_STATUSES)
  status?: (typeof RECONCILIATION_RUN_STATUSES)[number];

  @IsOptional()
  @IsBoolean()
  includeSuperseded?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RECONCILIATION_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** Counts of a run's items by outcome (only outcomes that occurred are present). */
export type ReconciliationOutcomeCounts = Partial<Record<(typeof RECONCILIATION_OUTCOMES)[number], number>>;

/** Outcomes of one settlement line or PPM transaction in a run. */
export const RECONCILIATION_OUTCOMES = [
  'MATCHED',
  'MISSING_IN_SETTLEMENT',
  'MISSING_IN_PPM',
  'AMOUNT_MISMATCH',
  'STATUS_MISMATCH',
  'REFUND_MISMATCH',
  'LATE_CAPTURE',
] as const;

/** A run as listed. Amounts are integers in minor units. */
export interface ReconciliationRunSummary {
  id: string;
  gatewayConfigurationId: string;
  gatewayType: string;
  businessDate: string;
  status: string;
  source: string;
  supersededBy: string | null;
  totalLines: number;
  matched: number;
  mismatched: number;
  settlementTotal: number;
  ppmTotal: number;
  feeTotal: number;
  outcomes: ReconciliationOutcomeCounts;
  startedAt: string;
  completedAt: string | null;
  error: string | null;
}

/** Reply data of `reconciliation.list`. `nextCursor` is null on the last page. */
export interface ListReconciliationsReply {
  items: ReconciliationRunSummary[];
  nextCursor: string | null;
}
