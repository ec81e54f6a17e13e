/** Where a merchant webhook delivery stands: waiting for its next attempt, answered with a 2xx, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/** One of WEBHOOK_DELIVERY_STATUSES. */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
