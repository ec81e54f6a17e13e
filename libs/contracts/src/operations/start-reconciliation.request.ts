import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** The largest settlement file an operator uploads through the API (NATS carries it in one message). */
export const MAX_UPLOADED_SETTLEMENT_CHARS = 900_000;

/**
 * `ppm.command.reconciliation.start` data (served by the worker): reconcile one of the tenant's gateway
 * configurations for one business day (GMT+7) against `settlementFile` (the CSV's text), or against the file the
 * daily job would fetch when it is absent. A later run of the same day supersedes the earlier one. An uploaded
 * file is compared only (mismatches recorded, no payment changed); only the fetched file applies settled payments.
 */
export class StartReconciliationRequest {
  @IsUUID()
  gatewayConfigId!: string;

  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a day YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a day of the calendar' })
  date!: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_UPLOADED_SETTLEMENT_CHARS)
  settlementFile?: string;
}

/**
 * Reply data of `reconciliation.start`: the run and how it stands when the reply is sent (COMPLETED or FAILED, or
 * RUNNING for a large file still being compared; `GET /reconciliations/:id` follows it).
 */
export interface StartReconciliationReply {
  runId: string;
  status: string;
}
