import type { MerchantWebhookEventType, WebhookEndpointView } from '@ppm/contracts';

/** A `webhook_endpoints` row without its secrets, as `WEBHOOK_ENDPOINT_COLUMNS` selects it. */
export interface WebhookEndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  event_types: string[] | null;
  enabled: boolean;
  disabled_at: Date | null;
  previous_secret_expires_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns of an endpoint that may be shown: the sealed secrets are never selected, so they cannot leak. */
export const WEBHOOK_ENDPOINT_COLUMNS = `id, tenant_id, url, description, event_types, enabled, disabled_at,
  previous_secret_expires_at, version, created_at, updated_at`;

/** An endpoint row as the contract shows it (the write side's replies and the query side's reads alike). */
export function webhookEndpointView(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types as MerchantWebhookEventType[] | null,
    enabled: row.enabled,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
