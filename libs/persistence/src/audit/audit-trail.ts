import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import type { OutboxWriter } from '../outbox/outbox-writer';

/**
 * Records who changed what in `audit_log` and publishes it as `ppm.audit.recorded.v1` for the audit-log context,
 * inside the caller's transaction: an audited change cannot commit without its record. Details are the change's
 * event data, which never holds secrets.
 */
export class AuditTrail {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(
    manager: EntityManager,
    resourceType: string,
    changes: readonly EventEnvelope<unknown>[],
    context: EventContext,
  ): Promise<void> {
    const actor = context.actor ?? { type: 'SYSTEM', id: null };
    const records = changes.map((change): EventEnvelope<unknown> => {
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
    for (const record of records) {
      const data = record.data as { action: string; resourceId: string; details: unknown };
      await manager.query(
        `INSERT INTO audit_log (id, tenant_id, actor_type, actor_id, action, resource_type, resource_id, trace_id, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
        [
          record.id,
          record.tenantId,
          actor.type,
          actor.id,
          data.action,
          resourceType,
          data.resourceId,
          context.traceId,
          JSON.stringify(data.details),
        ],
      );
    }
    await this.outbox.append(manager, records);
  }
}
