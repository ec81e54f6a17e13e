import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventEnvelope, RequestMeta } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import { AuditTrail, OutboxWriter } from '@ppm/persistence';

/** An operator's action on something the worker runs: what was done to which target, and its details. */
export interface OperatorAction {
  /** The audit record's action, e.g. `ppm.job.run-requested`. */
  type: string;
  /** The target's kind (`job`, `dead_letter_queue`) and its id (a run id, a queue name). */
  resourceType: string;
  resourceId: string;
  data: Record<string, unknown>;
}

/** The context of an operator's request: its trace, and the user (or calling service) as the actor. */
export function operatorContextOf(meta: RequestMeta): EventContext {
  return {
    traceId: meta.traceId,
    correlationId: meta.traceId,
    causationId: null,
    actor: meta.userId ? { type: 'USER', id: meta.userId } : { type: 'SERVICE', id: null },
  };
}

/**
 * Records the operator actions of the admin API that change no row of their own (a job run, a dead-letter replay)
 * in the audit trail, under the tenant the operator acts for, so the tenant's audit log shows who did it.
 */
@Injectable()
export class OperatorActionAudit {
  private readonly trail = new AuditTrail(new OutboxWriter());

  constructor(private readonly dataSource: DataSource) {}

  /** Records `action`, in its own transaction (the audit row and its outbox event commit together). */
  record(meta: RequestMeta, action: OperatorAction): Promise<void> {
    const context = operatorContextOf(meta);
    const change: EventEnvelope = {
      id: randomUUID(),
      type: action.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: meta.tenantId,
      aggregateType: action.resourceType,
      aggregateId: action.resourceId,
      aggregateVersion: 1,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: null,
      data: action.data,
    };
    return this.dataSource.transaction((manager) => this.trail.record(manager, action.resourceType, [change], context));
  }
}
