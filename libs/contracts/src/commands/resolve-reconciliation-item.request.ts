import { IsString, IsUUID, Length } from 'class-validator';

/**
 * `ppm.command.reconciliation.resolve-item` data: an operator marks a mismatch as resolved with a note. The
 * resolver is `meta.userId`; the change is audited. Resolving an already resolved item returns it unchanged.
 */
export class ResolveReconciliationItemRequest {
  @IsUUID()
  runId!: string;

  @IsUUID()
  itemId!: string;

  @IsString()
  @Length(1, 1000)
  note!: string;
}

/** Reply data of reconciliation.resolve-item. */
export interface ResolveReconciliationItemReply {
  runId: string;
  itemId: string;
  outcome: string;
  resolutionStatus: 'OPEN' | 'RESOLVED';
  resolvedBy: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
}
