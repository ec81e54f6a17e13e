import type { SqlExecutor } from '../shared/sql-executor';
import { randomUUID } from 'node:crypto';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import type { OutboxWriter } from '../outbox/outbox-writer';

/** What an audit record says, as its `ppm.audit.recorded.v1` event carries it. */
interface AuditData {
  action: string;
  resourceType: string;
  resourceId: string;
  actorType: string;
  actorId: string | null;
  details: unknown;
}

const COLUMNS = 'id, tenant_id, actor_type, actor_id, action, resource_type, resource_id, trace_id, details';
const CASTS = ['uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb'];

/**
 * Records who changed what in `audit_log` and publishes it as `ppm.audit.recorded.v1` for the audit-log context,
 * inside the caller's transaction: an audited change cannot commit without its record. Details are the change's
 * event data, which never holds secrets.
 */
export class AuditTrail {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(
    manager: SqlExecutor,
    resourceType: string,
    changes: readonly EventEnvelope<unknown>[],
    context: EventContext,
  ): Promise<void> {
    const records = this.recordsOf(resourceType, changes, context);
    for (const record of records) {
      await manager.query(
        `INSERT INTO audit_log (${COLUMNS}) VALUES (${CASTS.map((_, i) => `$${i + 1}`).join(', ')})`,
        [...rowValues(record, context)],
      );
    }
    await this.outbox.append(manager, records);
  }

  /** The audit records of `changes`, one per change, each caused by it: events for the outbox. */
  recordsOf(
    resourceType: string,
    changes: readonly EventEnvelope<unknown>[],
    context: EventContext,
  ): EventEnvelope<AuditData>[] {
    const actor = context.actor ?? { type: 'SYSTEM', id: null };
    return changes.map((change) => {
      const id = randomUUID();
      return {
        id,
        type: EventTypes.auditRecorded,
        version: 1,
        occurredAt: change.occurredAt,
        tenantId: change.tenantId,
        aggregateType: 'AuditRecord',
        aggregateId: id,
        aggregateVersion: 1,
        traceId: context.traceId,
        correlationId: context.correlationId,
        causationId: change.id,
        data: {
          action: change.type,
          resourceType,
          resourceId: change.aggregateId,
          actorType: actor.type,
          actorId: actor.id,
          details: change.data,
        },
      };
    });
  }

  /**
   * `records` as one `INSERT … SELECT` into `audit_log` for a caller that writes its change in a single statement
   * (see `OutboxWriter.insertStatement`): parameters appended to `params`, rows inserted only when `condition` holds.
   */
  insertStatement(
    records: readonly EventEnvelope<AuditData>[],
    context: EventContext,
    params: unknown[],
    condition: string,
  ): string | null {
    if (records.length === 0) return null;
    const rows = records.map((record) => {
      const first = params.length + 1;
      params.push(...rowValues(record, context));
      return `(${CASTS.map((type, i) => `$${first + i}::${type}`).join(', ')})`;
    });
    return `INSERT INTO audit_log (${COLUMNS})
      SELECT * FROM (VALUES ${rows.join(', ')}) AS a (${COLUMNS}) WHERE ${condition}`;
  }
}

function rowValues(record: EventEnvelope<AuditData>, context: EventContext): unknown[] {
  const { data } = record;
  return [
    record.id,
    record.tenantId,
    data.actorType,
    data.actorId,
    data.action,
    data.resourceType,
    data.resourceId,
    context.traceId,
    JSON.stringify(data.details),
  ];
}
