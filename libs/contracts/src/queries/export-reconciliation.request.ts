import { IsUUID } from 'class-validator';

/** `ppm.query.reconciliation.export` data: a run's mismatches (every outcome but MATCHED) as CSV. */
export class ExportReconciliationRequest {
  @IsUUID()
  runId!: string;
}

/** Reply data of `reconciliation.export`: RFC 4180 CSV with a header row, and a suggested file name. */
export interface ExportReconciliationReply {
  filename: string;
  rows: number;
  csv: string;
}
