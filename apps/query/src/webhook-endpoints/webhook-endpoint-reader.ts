import { Injectable } from '@nestjs/common';
import type { WebhookEndpointView } from '@ppm/contracts';
import { WEBHOOK_ENDPOINT_COLUMNS, webhookEndpointView, type WebhookEndpointRow } from '@ppm/persistence';
import { ReadModelDatabase } from '../shared/read-model-database';

/**
 * Reads a tenant's merchant webhook endpoints without their secrets (never selected). From the primary: an admin
 * reads an endpoint right after changing it, a replica may not have the change yet, and these reads are few and small.
 */
@Injectable()
export class WebhookEndpointReader {
  constructor(private readonly database: ReadModelDatabase) {}

  async byId(tenantId: string, id: string): Promise<WebhookEndpointView | null> {
    const [row] = await this.database.readPrimary<WebhookEndpointRow>(
      `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId],
    );
    return row ? webhookEndpointView(row) : null;
  }

  /** The tenant's endpoints, oldest first; only the enabled (or disabled) ones when `enabled` is given. */
  async list(tenantId: string, enabled: boolean | undefined): Promise<WebhookEndpointView[]> {
    const rows = await this.database.readPrimary<WebhookEndpointRow>(
      `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints
        WHERE tenant_id = $1 AND ($2::boolean IS NULL OR enabled = $2)
        ORDER BY created_at, id`,
      [tenantId, enabled ?? null],
    );
    return rows.map(webhookEndpointView);
  }
}
