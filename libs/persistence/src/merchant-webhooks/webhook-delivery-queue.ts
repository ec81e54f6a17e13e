import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import type { EventContext, WebhookDeliveryStatus } from '@ppm/domain';
import { urlWithoutQuery } from '@ppm/observability';
import { AuditTrail } from '../audit/audit-trail';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { EncryptedSecret } from '../secrets/encrypted-secret';

/** A delivery claimed for one attempt, with where it goes and the sealed secrets that sign it. */
export interface DueWebhookDelivery {
  id: string;
  tenantId: string;
  /** The endpoint it is for (whose health its attempts count toward); null for a payment's own callbackUrl. */
  endpointId: string | null;
  url: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  attemptsMade: number;
  /** The endpoint whose secrets sign it (for a callbackUrl, the tenant's first endpoint); null when it has none. */
  signing: { endpointId: string; secret: EncryptedSecret; previousSecret: EncryptedSecret | null } | null;
}

/** Which due deliveries a claim may take. */
export interface WebhookClaim {
  limit: number;
  /** How long a claimed delivery is kept from other dispatchers (longer than an attempt can take). */
  claimForMs: number;
  /** At most this many deliveries of one endpoint or callback URL. */
  perTarget: number;
  /** Endpoints and callback URLs to leave alone (saturated or with an open breaker here). */
  excludedEndpointIds: readonly string[];
  excludedUrls: readonly string[];
}

/** One attempt's outcome, as stored. */
export interface WebhookAttemptRecord {
  attemptedAt: Date;
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
  /** When a failed delivery is tried again; null when its schedule is spent (it is failed). */
  retryInMs: number | null;
}

/** An endpoint disabled by an attempt, as its `ppm.webhook-endpoint.disabled.v1` event says. */
export interface DisabledWebhookEndpoint {
  endpointId: string;
  tenantId: string;
  url: string;
  failingSince: string;
  disabledAt: string;
}

/** The dispatcher's figures for its gauges. */
export interface WebhookBacklog {
  pending: number;
  oldestPendingAgeSeconds: number;
}

interface DueRow {
  id: string;
  tenant_id: string;
  endpoint_id: string | null;
  url: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  attempt_count: number;
  signing_endpoint_id: string | null;
  secret: EncryptedSecret | null;
  previous_secret: EncryptedSecret | null;
}

// Candidates are ranked per endpoint (or callback URL) without a lock, then locked with SKIP LOCKED: Postgres
// refuses FOR UPDATE beside a window function. A claim pushes next_attempt_at past the attempt, so a delivery is
// never handed out twice, and one whose dispatcher died comes back when the claim lapses.
const CLAIM_SQL = `
  WITH candidates AS (
    SELECT d.id,
           row_number() OVER (PARTITION BY coalesce(d.endpoint_id::text, d.target_url) ORDER BY d.next_attempt_at) AS rank
      FROM (SELECT id, endpoint_id, target_url, next_attempt_at FROM webhook_deliveries w
             WHERE status = 'PENDING' AND next_attempt_at <= now()
               AND (endpoint_id IS NULL OR endpoint_id <> ALL($4::uuid[]))
               AND (target_url IS NULL OR target_url <> ALL($5::text[]))
               AND (endpoint_id IS NULL
                    OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = w.endpoint_id AND e.enabled))
             ORDER BY next_attempt_at
             LIMIT $1 * 4) d
  ),
  due AS (
    SELECT w.id FROM webhook_deliveries w JOIN candidates c ON c.id = w.id
     WHERE c.rank <= $3 AND w.status = 'PENDING' AND w.next_attempt_at <= now()
     ORDER BY w.next_attempt_at
     LIMIT $1
     FOR UPDATE OF w SKIP LOCKED
  ),
  claimed AS (
    UPDATE webhook_deliveries w SET next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
      FROM due WHERE w.id = due.id
    RETURNING w.id, w.tenant_id, w.endpoint_id, w.target_url, w.event_id, w.event_type, w.payload, w.attempt_count
  )
  SELECT c.id, c.tenant_id, c.endpoint_id, coalesce(c.target_url, e.url) AS url, c.event_id, c.event_type, c.payload,
         c.attempt_count, s.id AS signing_endpoint_id, s.secret,
         CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END AS previous_secret
    FROM claimed c
    LEFT JOIN webhook_endpoints e ON e.id = c.endpoint_id
    LEFT JOIN LATERAL (
      SELECT k.id, k.secret, k.previous_secret, k.previous_secret_expires_at FROM webhook_endpoints k
       WHERE CASE WHEN c.endpoint_id IS NULL THEN k.tenant_id = c.tenant_id ELSE k.id = c.endpoint_id END
       ORDER BY k.created_at, k.id
       LIMIT 1) s ON true`;

/**
 * The durable queue of merchant webhook deliveries: several dispatchers claim due ones concurrently, and each
 * attempt is recorded with the delivery's next step and its endpoint's health in one transaction. An endpoint that
 * has failed every attempt for `disableAfterMs` is disabled there, its pending deliveries failed (an operator
 * recovers them), with its `ppm.webhook-endpoint.disabled.v1` event and audit record.
 */
export class WebhookDeliveryQueue {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly disableAfterMs: number,
  ) {
    this.audit = new AuditTrail(outbox);
  }

  /** Claims due deliveries, oldest due first, within the claim's bounds. */
  async claimDue(claim: WebhookClaim): Promise<DueWebhookDelivery[]> {
    const rows = await this.dataSource.query<DueRow[]>(CLAIM_SQL, [
      claim.limit,
      claim.claimForMs / 1000,
      claim.perTarget,
      claim.excludedEndpointIds,
      claim.excludedUrls,
    ]);
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      endpointId: row.endpoint_id,
      url: row.url,
      eventId: row.event_id,
      eventType: row.event_type,
      payload: row.payload,
      attemptsMade: row.attempt_count,
      signing:
        row.signing_endpoint_id && row.secret
          ? { endpointId: row.signing_endpoint_id, secret: row.secret, previousSecret: row.previous_secret }
          : null,
    }));
  }

  /** Stores an attempt and what follows from it; says which endpoint it disabled, if it did. */
  async recordAttempt(
    delivery: Pick<DueWebhookDelivery, 'id' | 'endpointId'>,
    attempt: WebhookAttemptRecord,
    context: EventContext,
  ): Promise<DisabledWebhookEndpoint | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_delivery_attempts
           (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          delivery.id,
          attempt.attemptedAt,
          attempt.statusCode,
          attempt.latencyMs,
          attempt.error,
          attempt.responseExcerpt,
        ],
      );
      const status: WebhookDeliveryStatus = attempt.delivered
        ? 'DELIVERED'
        : attempt.retryInMs === null
          ? 'FAILED'
          : 'PENDING';
      // A 2xx is the truth even when the delivery was failed meanwhile (its endpoint disabled during the attempt).
      await manager.query(
        `UPDATE webhook_deliveries
            SET status = $2, attempt_count = attempt_count + 1, updated_at = now(),
                next_attempt_at = CASE WHEN $2 = 'PENDING' THEN now() + make_interval(secs => $3) END
          WHERE id = $1 AND (status = 'PENDING' OR $2 = 'DELIVERED')`,
        [delivery.id, status, (attempt.retryInMs ?? 0) / 1000],
      );
      if (delivery.endpointId === null) return null;
      if (attempt.delivered) {
        await manager.query(
          `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
          [delivery.endpointId],
        );
        return null;
      }
      return this.noteFailure(manager, delivery.endpointId, attempt.attemptedAt, context);
    });
  }

  /** How many deliveries wait, and for how long the oldest has. */
  async backlog(): Promise<WebhookBacklog> {
    const [row] = await this.dataSource.query<{ pending: number; age: number | null }[]>(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age
         FROM webhook_deliveries WHERE status = 'PENDING'`,
    );
    return { pending: row?.pending ?? 0, oldestPendingAgeSeconds: row?.age ?? 0 };
  }

  private async noteFailure(
    manager: EntityManager,
    endpointId: string,
    attemptedAt: Date,
    context: EventContext,
  ): Promise<DisabledWebhookEndpoint | null> {
    // The verdict reads the row as it was (locked), so one UPDATE both notes the failure and, when the run of
    // failures is long enough, disables the endpoint, and says whether it was this attempt that did. It is selected
    // from a CTE because TypeORM wraps the rows an UPDATE returns.
    const [noted] = await manager.query<
      { disables: boolean; tenant_id: string; url: string; version: number; failing_since: Date; disabled_at: Date }[]
    >(
      `WITH old AS (
         SELECT id, enabled, coalesce(failing_since, $2) AS failing_since FROM webhook_endpoints WHERE id = $1 FOR UPDATE
       ),
       verdict AS (
         SELECT id, failing_since, enabled AND failing_since <= now() - make_interval(secs => $3) AS disables FROM old
       ),
       noted AS (
         UPDATE webhook_endpoints e
            SET failing_since = v.failing_since,
                enabled = e.enabled AND NOT v.disables,
                disabled_at = CASE WHEN v.disables THEN now() ELSE e.disabled_at END,
                updated_at = CASE WHEN v.disables THEN now() ELSE e.updated_at END,
                version = e.version + v.disables::int
           FROM verdict v
          WHERE e.id = v.id
         RETURNING v.disables, e.tenant_id, e.url, e.version, e.failing_since, e.disabled_at
       )
       SELECT * FROM noted`,
      [endpointId, attemptedAt, this.disableAfterMs / 1000],
    );
    const disabled = noted?.disables ? noted : null;
    if (!disabled) return null;
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, updated_at = now()
        WHERE endpoint_id = $1 AND status = 'PENDING'`,
      [endpointId],
    );
    const event: EventEnvelope<DisabledWebhookEndpoint> = {
      id: randomUUID(),
      type: EventTypes.webhookEndpointDisabled,
      version: 1,
      occurredAt: disabled.disabled_at.toISOString(),
      tenantId: disabled.tenant_id,
      aggregateType: 'WebhookEndpoint',
      aggregateId: endpointId,
      aggregateVersion: disabled.version,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data: {
        endpointId,
        tenantId: disabled.tenant_id,
        url: urlWithoutQuery(disabled.url),
        failingSince: disabled.failing_since.toISOString(),
        disabledAt: disabled.disabled_at.toISOString(),
      },
    };
    await this.outbox.append(manager, [event]);
    await this.audit.record(manager, 'webhook-endpoint', [event], context);
    return event.data;
  }
}
