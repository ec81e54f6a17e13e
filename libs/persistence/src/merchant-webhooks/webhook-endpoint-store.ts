import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EventTypes, type EventEnvelope, type WebhookEndpointView } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import { urlWithoutQuery } from '@ppm/observability';
import { AuditTrail } from '../audit/audit-trail';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { CredentialCipher } from '../secrets/credential-cipher';
import { sealWebhookSecret } from './webhook-endpoint-secret';
import { WEBHOOK_ENDPOINT_COLUMNS, webhookEndpointView, type WebhookEndpointRow } from './webhook-endpoint-view';

/** A new endpoint: its id is chosen by the caller, so its secret can be sealed bound to it. */
export interface NewWebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string | null;
  eventTypes: readonly string[] | null;
  secret: string;
}

/** What an update changes; an absent field stays as it is. */
export interface WebhookEndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: readonly string[] | null;
  enabled?: boolean;
}

// As the delivery queue audits an endpoint it disables.
const AUDITED_RESOURCE = 'webhook-endpoint';
const AGGREGATE = 'WebhookEndpoint';

const UPDATE_ENDPOINT = `
  WITH updated AS (
    UPDATE webhook_endpoints
       SET url = COALESCE($3, url),
           description = CASE WHEN $4 THEN $5 ELSE description END,
           event_types = CASE WHEN $6 THEN $7::text[] ELSE event_types END,
           enabled = COALESCE($8, enabled),
           -- Enabling an endpoint (again) starts its health afresh, or its old failures would disable it at once.
           failing_since = CASE WHEN $8 THEN NULL ELSE failing_since END,
           disabled_at = CASE WHEN $8 THEN NULL ELSE disabled_at END,
           version = version + 1, updated_at = now()
     WHERE id = $1 AND tenant_id = $2
    RETURNING ${WEBHOOK_ENDPOINT_COLUMNS})
  SELECT * FROM updated`;

const ROTATE_SECRET = `
  WITH rotated AS (
    UPDATE webhook_endpoints
       SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(secs => $4),
           secret = $3::jsonb, version = version + 1, updated_at = now()
     WHERE id = $1 AND tenant_id = $2
    RETURNING ${WEBHOOK_ENDPOINT_COLUMNS})
  SELECT * FROM rotated`;

/**
 * Writes tenants' merchant webhook endpoints: each change in one transaction with its `ppm.webhook-endpoint.*` event
 * in the outbox and its audit record. Secrets are sealed bound to the endpoint id and never appear in an event.
 */
export class WebhookEndpointStore {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly cipher: CredentialCipher,
  ) {
    this.audit = new AuditTrail(outbox);
  }

  /** Whether the tenant has an endpoint, whose secret then signs its payments' callbackUrl deliveries. */
  async hasEndpoint(tenantId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1 LIMIT 1`,
      [tenantId],
    );
    return rows.length > 0;
  }

  /** Adds the endpoint unless the tenant already has `limit` of them (then null). */
  create(endpoint: NewWebhookEndpoint, limit: number, context: EventContext): Promise<WebhookEndpointView | null> {
    return this.dataSource.transaction(async (manager) => {
      // Two concurrent creates of a tenant would both see room under the limit: they take turns.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints'), hashtext($1))`, [
        endpoint.tenantId,
      ]);
      const [{ count }] = await manager.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM webhook_endpoints WHERE tenant_id = $1`,
        [endpoint.tenantId],
      );
      if (count >= limit) return null;
      const [row] = await manager.query<WebhookEndpointRow[]>(
        `INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, secret)
         VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb)
         RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
        [
          endpoint.id,
          endpoint.tenantId,
          endpoint.url,
          endpoint.description,
          endpoint.eventTypes,
          JSON.stringify(sealWebhookSecret(this.cipher, endpoint.secret, endpoint.id)),
        ],
      );
      const view = webhookEndpointView(row);
      await this.record(manager, row, EventTypes.webhookEndpointCreated, shareable(view), context);
      return view;
    });
  }

  /** Applies the changes; null when the tenant has no such endpoint. */
  update(
    tenantId: string,
    id: string,
    changes: WebhookEndpointChanges,
    context: EventContext,
  ): Promise<WebhookEndpointView | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<WebhookEndpointRow[]>(UPDATE_ENDPOINT, [
        id,
        tenantId,
        changes.url ?? null,
        changes.description !== undefined,
        changes.description ?? null,
        changes.eventTypes !== undefined,
        changes.eventTypes ?? null,
        changes.enabled ?? null,
      ]);
      if (!row) return null;
      const view = webhookEndpointView(row);
      await this.record(manager, row, EventTypes.webhookEndpointUpdated, shareable(view), context);
      return view;
    });
  }

  /** Deletes the endpoint with its deliveries; false when the tenant has no such endpoint. */
  delete(tenantId: string, id: string, context: EventContext): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<WebhookEndpointRow[]>(
        `WITH deleted AS (
           DELETE FROM webhook_endpoints WHERE id = $1 AND tenant_id = $2 RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}
         )
         SELECT * FROM deleted`,
        [id, tenantId],
      );
      if (!row) return false;
      const deleted = { ...row, version: row.version + 1 };
      await this.record(
        manager,
        deleted,
        EventTypes.webhookEndpointDeleted,
        { id, url: urlWithoutQuery(row.url) },
        context,
      );
      return true;
    });
  }

  /**
   * Replaces the signing secret; the current one becomes the previous one, which keeps signing beside the new one for
   * `overlapMs`. Null when the tenant has no such endpoint.
   */
  rotateSecret(
    tenantId: string,
    id: string,
    secret: string,
    overlapMs: number,
    context: EventContext,
  ): Promise<WebhookEndpointView | null> {
    return this.dataSource.transaction(async (manager) => {
      const sealed = JSON.stringify(sealWebhookSecret(this.cipher, secret, id));
      const [row] = await manager.query<WebhookEndpointRow[]>(ROTATE_SECRET, [id, tenantId, sealed, overlapMs / 1000]);
      if (!row) return null;
      const view = webhookEndpointView(row);
      const data = { id, previousSecretExpiresAt: view.previousSecretExpiresAt };
      await this.record(manager, row, EventTypes.webhookEndpointSecretRotated, data, context);
      return view;
    });
  }

  private async record(
    manager: EntityManager,
    row: WebhookEndpointRow,
    type: string,
    data: unknown,
    context: EventContext,
  ): Promise<void> {
    const event: EventEnvelope = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: row.tenant_id,
      aggregateType: AGGREGATE,
      aggregateId: row.id,
      aggregateVersion: row.version,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data,
    };
    await this.outbox.append(manager, [event]);
    await this.audit.record(manager, AUDITED_RESOURCE, [event], context);
  }
}

// Events and audit rows travel further than the tenant's own view: the URL's query stays out of them.
function shareable(view: WebhookEndpointView): WebhookEndpointView {
  return { ...view, url: urlWithoutQuery(view.url) };
}
