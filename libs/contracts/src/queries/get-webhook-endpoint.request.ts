import type { MerchantWebhookEventType } from '../webhooks/merchant-webhook-event-types';

/** A tenant's webhook endpoint as PPM shows it: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** The event types delivered to it; null: every type. */
  eventTypes: MerchantWebhookEventType[] | null;
  enabled: boolean;
  /** When it was disabled after days of failed deliveries; null while enabled or when disabled by hand. */
  disabledAt: string | null;
  /** When the previous secret stops signing deliveries after a rotation; null without an overlap. */
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Reply data of `webhook-endpoint.create` and `webhook-endpoint.rotate-secret`: the endpoint and its signing secret
 * (`whsec_…`), the only replies that ever carry it.
 */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}
