import type { EntityManager } from 'typeorm';

/** One event to deliver to every enabled endpoint of its tenant that subscribes to its type. */
export interface FannedOutEvent {
  tenantId: string;
  eventId: string;
  /** The public type, e.g. `payment.succeeded`. */
  eventType: string;
  payload: unknown;
}

const SUBSCRIBED = `e.tenant_id = $1 AND e.enabled AND (e.event_types IS NULL OR $2 = ANY (e.event_types))`;

/**
 * Turns an event into durable deliveries inside the caller's transaction (the consumer's, with its inbox mark): one
 * PENDING `webhook_deliveries` row per subscribed endpoint, due at once. A delivery is unique per (endpoint, event),
 * so fanning an event out again adds nothing.
 */
export class WebhookFanOut {
  /** Whether any enabled endpoint of the tenant takes `eventType` (so the event's data is read only when needed). */
  async hasSubscribers(manager: EntityManager, tenantId: string, eventType: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM webhook_endpoints e WHERE ${SUBSCRIBED} LIMIT 1`, [
      tenantId,
      eventType,
    ]);
    return rows.length > 0;
  }

  /** Adds the event's deliveries; returns how many were new. */
  async enqueue(manager: EntityManager, event: FannedOutEvent): Promise<number> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
       SELECT e.tenant_id, e.id, $3, $2, $4::jsonb FROM webhook_endpoints e WHERE ${SUBSCRIBED}
       ON CONFLICT (endpoint_id, event_id) WHERE endpoint_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [event.tenantId, event.eventType, event.eventId, JSON.stringify(event.payload)],
    );
    return rows.length;
  }
}
