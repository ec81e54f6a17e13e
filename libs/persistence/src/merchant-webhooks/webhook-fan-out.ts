import type { EntityManager } from 'typeorm';

/** One event to deliver to every enabled endpoint of its tenant that subscribes to its type. */
export interface FannedOutEvent {
  tenantId: string;
  eventId: string;
  /** The public type, e.g. `payment.succeeded`. */
  eventType: string;
  payload: unknown;
  /** The payment's own callbackUrl, which gets the event too (whatever the endpoints subscribe to). */
  callbackUrl: string | null;
}

/** What an event is about: a payment, or a refund (whose payment's callbackUrl it goes to). */
export interface FannedOutSubject {
  kind: 'payment' | 'refund';
  id: string;
}

const SUBSCRIBED = `e.tenant_id = $1 AND e.enabled AND (e.event_types IS NULL OR $2 = ANY (e.event_types))`;

const CALLBACK_URL_OF = {
  payment: `SELECT callback_url FROM payment_transactions WHERE id = $1 AND tenant_id = $2`,
  refund: `SELECT p.callback_url FROM refunds r JOIN payment_transactions p ON p.id = r.payment_transaction_id
            WHERE r.id = $1 AND p.tenant_id = $2`,
} as const;

/**
 * Turns an event into durable deliveries inside the caller's transaction (the consumer's, with its inbox mark): one
 * PENDING `webhook_deliveries` row per subscribed endpoint, and one for the payment's own callbackUrl, due at once.
 * A delivery is unique per (endpoint, event) and per (tenant, callback URL, event), so fanning an event out again
 * adds nothing.
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

  /** The callbackUrl of the payment the event is about (a refund's payment's); null when it has none. */
  async callbackUrlOf(manager: EntityManager, tenantId: string, subject: FannedOutSubject): Promise<string | null> {
    const [row] = await manager.query<{ callback_url: string | null }[]>(CALLBACK_URL_OF[subject.kind], [
      subject.id,
      tenantId,
    ]);
    return row?.callback_url ?? null;
  }

  /** Adds the event's deliveries; returns how many were new. */
  async enqueue(manager: EntityManager, event: FannedOutEvent): Promise<number> {
    const toCallback = event.callbackUrl === null ? [] : await this.enqueueCallback(manager, event, event.callbackUrl);
    const rows = await manager.query<unknown[]>(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
       SELECT e.tenant_id, e.id, $3, $2, $4::jsonb FROM webhook_endpoints e WHERE ${SUBSCRIBED}
       ON CONFLICT (endpoint_id, event_id) WHERE endpoint_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [event.tenantId, event.eventType, event.eventId, JSON.stringify(event.payload)],
    );
    return rows.length + toCallback.length;
  }

  private enqueueCallback(manager: EntityManager, event: FannedOutEvent, url: string): Promise<unknown[]> {
    return manager.query<unknown[]>(
      `INSERT INTO webhook_deliveries (tenant_id, target_url, event_id, event_type, payload)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (tenant_id, target_url, event_id) WHERE target_url IS NOT NULL DO NOTHING
       RETURNING id`,
      [event.tenantId, url, event.eventId, event.eventType, JSON.stringify(event.payload)],
    );
  }
}
