/**
 * The `type`s of PPM's public webhook events: a routing key of `ppm.events` without `ppm.` and `.v1`, plus `ping`
 * (sent only when a tenant asks for a test delivery).
 */
export const MERCHANT_WEBHOOK_EVENT_TYPES = [
  'payment.created',
  'payment.succeeded',
  'payment.failed',
  'payment.cancelled',
  'payment.expired',
  'payment.late-captured',
  'refund.requested',
  'refund.processed',
  'refund.failed',
  'ping',
] as const;

/** One of the public webhook event types. */
export type MerchantWebhookEventType = (typeof MERCHANT_WEBHOOK_EVENT_TYPES)[number];
