import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import { AuditTrail } from '../audit/audit-trail';
import type { OutboxWriter } from '../outbox/outbox-writer';

/** What a retry found: the delivery due again, one already delivered (left alone), or none of the tenant's. */
export type WebhookRetryOutcome =
  | { kind: 'due'; id: string; attemptCount: number; nextAttemptAt: string }
  | { kind: 'delivered' }
  | { kind: 'not-found' };

/** A `ping` delivery queued for one endpoint. */
export interface QueuedWebhookPing {
  deliveryId: string;
  eventId: string;
}

// What an audit record names as its resource: the delivery retried, or the endpoint recovered or tested.
const DELIVERY = { resourceType: 'webhook-delivery', aggregateType: 'WebhookDelivery' };
const ENDPOINT = { resourceType: 'webhook-endpoint', aggregateType: 'WebhookEndpoint' };

// TypeORM answers a bare UPDATE with [rows, count]; wrapped in a CTE it answers the rows, as a SELECT does.
interface DueRow {
  id: string;
  attempt_count: number;
  next_attempt_at: Date;
  endpoint_id: string | null;
}

/**
 * An operator's hand on merchant webhook deliveries: retry one, recover an endpoint's failed ones, queue a test
 * `ping`. Each makes deliveries due now for the dispatcher, keeps their earlier attempts and commits with its audit
 * record (the change's envelope is audited only: these are no domain events for other contexts).
 */
export class WebhookDeliverySteering {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    outbox: OutboxWriter,
  ) {
    this.audit = new AuditTrail(outbox);
  }

  /** Makes a FAILED or PENDING delivery due now. */
  retry(tenantId: string, deliveryId: string, context: EventContext): Promise<WebhookRetryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<DueRow[]>(
        `WITH due AS (
           UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
            WHERE id = $1 AND tenant_id = $2 AND status IN ('PENDING', 'FAILED')
           RETURNING id, attempt_count, next_attempt_at, endpoint_id)
         SELECT * FROM due`,
        [deliveryId, tenantId],
      );
      if (!row) {
        const found = await manager.query<unknown[]>(
          `SELECT 1 FROM webhook_deliveries WHERE id = $1 AND tenant_id = $2`,
          [deliveryId, tenantId],
        );
        return found.length > 0 ? { kind: 'delivered' } : { kind: 'not-found' };
      }
      const data = { deliveryId, endpointId: row.endpoint_id, attemptCount: row.attempt_count };
      await this.record(manager, tenantId, EventTypes.webhookDeliveryRetried, DELIVERY, deliveryId, data, context);
      return {
        kind: 'due',
        id: row.id,
        attemptCount: row.attempt_count,
        nextAttemptAt: row.next_attempt_at.toISOString(),
      };
    });
  }

  /** Makes every FAILED delivery of the endpoint created at or after `since` due now; null without the endpoint. */
  recover(tenantId: string, endpointId: string, since: string, context: EventContext): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.endpointExists(manager, tenantId, endpointId))) return null;
      const rows = await manager.query<unknown[]>(
        `WITH due AS (
           UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
            WHERE endpoint_id = $1 AND tenant_id = $2 AND status = 'FAILED' AND created_at >= $3
           RETURNING id)
         SELECT id FROM due`,
        [endpointId, tenantId, since],
      );
      const data = { endpointId, since, recovered: rows.length };
      await this.record(manager, tenantId, EventTypes.webhookEndpointRecovered, ENDPOINT, endpointId, data, context);
      return rows.length;
    });
  }

  /**
   * Queues a `ping` event for the endpoint alone, whatever event types it subscribes to; null without the endpoint.
   */
  queuePing(tenantId: string, endpointId: string, context: EventContext): Promise<QueuedWebhookPing | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.endpointExists(manager, tenantId, endpointId))) return null;
      const eventId = randomUUID();
      const payload = { id: eventId, type: 'ping', createdAt: new Date().toISOString(), data: { endpointId } };
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
         VALUES ($1, $2, $3, 'ping', $4::jsonb)
         RETURNING id`,
        [tenantId, endpointId, eventId, JSON.stringify(payload)],
      );
      const data = { endpointId, deliveryId: row.id, eventId };
      await this.record(manager, tenantId, EventTypes.webhookEndpointTested, ENDPOINT, endpointId, data, context);
      return { deliveryId: row.id, eventId };
    });
  }

  private async endpointExists(manager: EntityManager, tenantId: string, endpointId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM webhook_endpoints WHERE id = $1 AND tenant_id = $2 FOR SHARE`,
      [endpointId, tenantId],
    );
    return rows.length > 0;
  }

  private async record(
    manager: EntityManager,
    tenantId: string,
    type: string,
    resource: typeof DELIVERY,
    resourceId: string,
    data: unknown,
    context: EventContext,
  ): Promise<void> {
    const change: EventEnvelope = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      aggregateType: resource.aggregateType,
      aggregateId: resourceId,
      aggregateVersion: 1,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data,
    };
    await this.audit.record(manager, resource.resourceType, [change], context);
  }
}
