import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ppm/contracts';
import { failure, success, type EventContext, type Result } from '@ppm/domain';
import { AuditTrail, type OutboxWriter } from '@ppm/persistence';

/** A reconciliation item as resolving it returns it. */
export interface ResolvedItem {
  runId: string;
  itemId: string;
  outcome: string;
  resolutionStatus: 'OPEN' | 'RESOLVED';
  resolvedBy: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
}

/** What resolving did: resolved now, already resolved (unchanged), or why not. */
export type ResolveOutcome = Result<{ item: ResolvedItem; changed: boolean }, 'NOT_FOUND' | 'MATCHED'>;

interface ItemRow {
  id: string;
  run_id: string;
  outcome: string;
  resolution_status: 'OPEN' | 'RESOLVED';
  resolved_by: string | null;
  resolution_note: string | null;
  resolved_at: Date | null;
}

const RETURNING = `id, run_id, outcome, resolution_status, resolved_by, resolution_note, resolved_at`;
const AUDITED_RESOURCE = 'reconciliation_item';
const RESOLVED_ACTION = 'ppm.reconciliation.item-resolved';

/**
 * Marks a mismatch resolved by an operator with a note, in one transaction with its `audit_log` row and
 * `ppm.audit.recorded.v1` outbox event. Resolving a resolved item changes nothing and audits nothing (a retried
 * command is harmless); a MATCHED item has nothing to resolve.
 */
export class ReconciliationItemResolver {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    outbox: OutboxWriter,
  ) {
    this.audit = new AuditTrail(outbox);
  }

  async resolve(
    tenantId: string,
    runId: string,
    itemId: string,
    operator: string,
    note: string,
    context: EventContext,
  ): Promise<ResolveOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [updated] = await manager.query<[ItemRow[], number]>(
        `UPDATE reconciliation_items
            SET resolution_status = 'RESOLVED', resolved_by = $4, resolution_note = $5, resolved_at = now()
          WHERE id = $1 AND run_id = $2 AND tenant_id = $3 AND resolution_status = 'OPEN' AND outcome <> 'MATCHED'
          RETURNING ${RETURNING}`,
        [itemId, runId, tenantId, operator, note],
      );
      const item = updated[0];
      if (item) {
        const change: EventEnvelope<unknown> = {
          id: randomUUID(),
          type: RESOLVED_ACTION,
          version: 1,
          occurredAt: (item.resolved_at ?? new Date()).toISOString(),
          tenantId,
          aggregateType: 'ReconciliationItem',
          aggregateId: item.id,
          aggregateVersion: 1,
          traceId: context.traceId,
          correlationId: context.correlationId,
          causationId: context.causationId,
          data: { runId, itemId, outcome: item.outcome, resolvedBy: operator, note },
        };
        await this.audit.record(manager, AUDITED_RESOURCE, [change], context);
        return success({ item: view(item), changed: true });
      }
      const found = await manager.query<ItemRow[]>(
        `SELECT ${RETURNING} FROM reconciliation_items WHERE id = $1 AND run_id = $2 AND tenant_id = $3`,
        [itemId, runId, tenantId],
      );
      const existing = found[0];
      if (!existing) return failure('NOT_FOUND');
      if (existing.outcome === 'MATCHED') return failure('MATCHED');
      return success({ item: view(existing), changed: false });
    });
  }
}

function view(row: ItemRow): ResolvedItem {
  return {
    runId: row.run_id,
    itemId: row.id,
    outcome: row.outcome,
    resolutionStatus: row.resolution_status,
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}
