import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import { AuditTrail } from '../audit/audit-trail';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { isUuid } from '../shared/postgres-errors';

/**
 * The tables holding a tenant's rows (each has a `tenant_id` column), in the order they are emptied: children
 * before the rows their foreign keys point at (refunds and attempts → payments → configurations; items → runs →
 * configurations; merchant webhook deliveries, whose attempts go with them, → endpoints).
 */
export const TENANT_TABLES = [
  'refunds',
  'payment_attempts',
  'payment_transactions',
  'reconciliation_items',
  'reconciliation_runs',
  'payment_gateway_configurations',
  'webhook_deliveries',
  'webhook_endpoints',
  'webhook_events',
  'risk_rule_sets',
  'risk_decisions',
  'idempotency_keys',
  'audit_log',
  'outbox_events',
] as const;

/** One of the tables a purge empties of a tenant's rows. */
export type TenantTable = (typeof TENANT_TABLES)[number];

/** Rows deleted per table. */
export type TenantPurgeCounts = Record<TenantTable, number>;

/**
 * Hard-deletes every row of one tenant (the billing context's TenantDataDeletionRequested), in one
 * transaction so a failure deletes nothing: payments with their attempts and refunds, reconciliation runs and
 * items, gateway configurations, stored gateway webhooks, merchant webhook endpoints and deliveries, risk rule sets
 * and decisions, idempotency keys, the audit log and the tenant's outbox events,
 * sent and unsent alike (an unsent event of a deleted tenant must not be published any more). Deleting what is
 * already gone deletes nothing, so a purge can be repeated.
 */
export class PostgresTenantPurger {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    this.audit = new AuditTrail(outbox);
  }

  /**
   * Deletes the tenant's rows and says how many went per table.
   * @param keptIdempotencyScope the purge command's own idempotency scope: its keys hold only purge replies (row
   *   counts) and must outlive the purge, to be completed and replayed; they expire like every key.
   */
  async purge(tenantId: string, context: EventContext, keptIdempotencyScope?: string): Promise<TenantPurgeCounts> {
    const counts = Object.fromEntries(TENANT_TABLES.map((table) => [table, 0])) as TenantPurgeCounts;
    if (!isUuid(tenantId)) return counts;
    await this.dataSource.transaction(async (manager) => {
      for (const table of TENANT_TABLES) {
        const keeps = table === 'idempotency_keys' && keptIdempotencyScope !== undefined;
        const rows = await manager.query<{ n: number }[]>(
          `WITH gone AS (DELETE FROM ${table} WHERE tenant_id = $1${keeps ? ' AND scope <> $2' : ''} RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          keeps ? [tenantId, keptIdempotencyScope] : [tenantId],
        );
        counts[table] = rows[0]?.n ?? 0;
      }
      if (Object.values(counts).some((n) => n > 0)) await this.announce(manager, tenantId, counts, context);
    });
    return counts;
  }

  // The purge is audited and announced (`ppm.tenant.purged.v1`, e.g. for caches) without a tenant_id column on the
  // new rows: nothing of the tenant stays behind but the fact that it was deleted.
  private async announce(
    manager: EntityManager,
    tenantId: string,
    counts: TenantPurgeCounts,
    context: EventContext,
  ): Promise<void> {
    const purged: EventEnvelope<unknown> = {
      id: randomUUID(),
      type: EventTypes.tenantPurged,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: null,
      aggregateType: 'Tenant',
      aggregateId: tenantId,
      aggregateVersion: 1,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data: { tenantId, deleted: counts },
    };
    await this.outbox.append(manager, [purged]);
    await this.audit.record(manager, 'tenant', [purged], context);
  }
}
