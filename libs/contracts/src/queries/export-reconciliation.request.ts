import { IsUUID } from 'class-validator';

/** `ppm.query.reconciliation.export` data: a run's mismatches (every outcome but MATCHED) as CSV. */
export class ExportReconciliationRequest {
  @IsUUID()
  runId!: string;
}

/** Most mismatch rows one export carries (a NATS reply stays under its 1 MB payload limit). */
export const MAX_RECONCILIATION_EXPORT_ROWS = 4_000;

/**
 * Reply data of `reconciliation.export`: RFC 4180 CSV with a header row, and a suggested file name. `truncated`
 * says the run has more mismatches than MAX_RECONCILIATION_EXPORT_ROWS (the CLI or `reconciliation.get` pages
 * through them all).
 */
export interface ExportReconciliationReply {
  filename: string;
  rows: number;
  csv: string;
  truncated: boolean;
}
