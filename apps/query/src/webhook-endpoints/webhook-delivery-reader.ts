import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryAttemptView, WebhookDeliveryDetail, WebhookDeliveryView } from '@ppm/contracts';
import { isoTime, isoTimeOrNull } from '../shared/column-values';
import { ReadModelDatabase } from '../shared/read-model-database';

interface DeliveryRow {
  id: string;
  endpoint_id: string | null;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryView['status'];
  attempt_count: number;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_created_at: string;
}

interface AttemptRow {
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

/** The filters of one page of an endpoint's deliveries; the cursor already decoded. */
export interface DeliveryPageFilter {
  status: string | null;
  eventType: string | null;
  from: string | null;
  to: string | null;
  after: readonly [time: string, id: string] | null;
  limit: number;
}

const DELIVERY_COLUMNS = `id, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at, created_at,
  updated_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at`;

// Keyset over (created_at, id), newest first, from ix_webhook_deliveries_endpoint_created. The cursor keeps
// Postgres's microseconds: one event fans out to many rows in the same millisecond.
const PAGE_SQL = `
  SELECT ${DELIVERY_COLUMNS}
    FROM webhook_deliveries
   WHERE tenant_id = $1 AND endpoint_id = $2
     AND ($3::text IS NULL OR status = $3)
     AND ($4::text IS NULL OR event_type = $4)
     AND ($5::timestamptz IS NULL OR created_at >= $5)
     AND ($6::timestamptz IS NULL OR created_at < $6)
     AND ($7::timestamptz IS NULL OR (created_at, id) < ($7::timestamptz, $8::uuid))
   ORDER BY created_at DESC, id DESC
   LIMIT $9`;

/**
 * Reads a tenant's merchant webhook deliveries and their attempts. From the primary: an operator retries a delivery
 * and reads it again at once, and a replica may not show the retry yet.
 */
@Injectable()
export class WebhookDeliveryReader {
  constructor(private readonly database: ReadModelDatabase) {}

  /** One page of the endpoint's deliveries, with one row more than `limit` when another page follows. */
  async page(tenantId: string, endpointId: string, filter: DeliveryPageFilter): Promise<DeliveryRow[]> {
    return this.database.readPrimary<DeliveryRow>(PAGE_SQL, [
      tenantId,
      endpointId,
      filter.status,
      filter.eventType,
      filter.from,
      filter.to,
      filter.after?.[0] ?? null,
      filter.after?.[1] ?? null,
      filter.limit + 1,
    ]);
  }

  async byId(tenantId: string, deliveryId: string): Promise<WebhookDeliveryDetail | null> {
    const [row] = await this.database.readPrimary<DeliveryRow & { payload: unknown }>(
      `SELECT ${DELIVERY_COLUMNS}, payload FROM webhook_deliveries WHERE id = $1 AND tenant_id = $2`,
      [deliveryId, tenantId],
    );
    if (!row) return null;
    const attempts = await this.database.readPrimary<AttemptRow>(
      `SELECT attempted_at, status_code, latency_ms, error, response_excerpt
         FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempted_at, id`,
      [deliveryId],
    );
    return { ...deliveryView(row), payload: row.payload, attempts: attempts.map(attemptView) };
  }
}

/** A delivery row as the contract shows it. */
export function deliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: isoTimeOrNull(row.next_attempt_at),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

function attemptView(row: AttemptRow): WebhookDeliveryAttemptView {
  return {
    attemptedAt: isoTime(row.attempted_at),
    statusCode: row.status_code,
    latencyMs: row.latency_ms,
    error: row.error,
    responseExcerpt: row.response_excerpt,
  };
}
