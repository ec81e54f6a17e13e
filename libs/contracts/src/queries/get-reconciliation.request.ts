import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  MAX_RECONCILIATION_PAGE,
  RECONCILIATION_OUTCOMES,
  type ReconciliationRunSummary,
} from './list-reconciliations.request';

/**
 * `ppm.query.reconciliation.get` data: one run with a page of its items, mismatches first (by line number).
 * Matched items are left out unless `includeMatched` is true or `outcome` asks for them.
 */
export class GetReconciliationRequest {
  @IsUUID()
  runId!: string;

  @IsOptional()
  @IsIn(RECONCILIATION_OUTCOMES)
  outcome?: (typeof RECONCILIATION_OUTCOMES)[number];

  @IsOptional()
  @IsBoolean()
  includeMatched?: boolean;

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

/** One settlement line or PPM transaction of a run, with how it compared. Amounts in minor units. */
export interface ReconciliationItemView {
  id: string;
  lineNumber: number | null;
  outcome: (typeof RECONCILIATION_OUTCOMES)[number];
  paymentTransactionId: string | null;
  refundId: string | null;
  gatewayTransactionId: string | null;
  gatewayReference: string | null;
  settlementAmount: number | null;
  ppmAmount: number | null;
  fee: number | null;
  netAmount: number | null;
  currency: string | null;
  settlementStatus: string | null;
  ppmStatus: string | null;
  details: Record<string, unknown> | null;
  resolutionStatus: 'OPEN' | 'RESOLVED';
  resolvedBy: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
}

/** Reply data of `reconciliation.get`. */
export interface GetReconciliationReply {
  run: ReconciliationRunSummary;
  items: ReconciliationItemView[];
  nextCursor: string | null;
}
