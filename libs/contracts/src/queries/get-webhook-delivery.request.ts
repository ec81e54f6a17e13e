import { IsUUID } from 'class-validator';
import type { WebhookDeliveryView } from './list-webhook-deliveries.request';

/** `ppm.query.webhook-delivery.get` data. */
export class WebhookDeliveryIdRequest {
  @IsUUID()
  deliveryId!: string;
}

/** One attempt to send a delivery: when, the HTTP status (null without an answer), how long, what went wrong. */
export interface WebhookDeliveryAttemptView {
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The first 1 KB of the merchant's answer. */
  responseExcerpt: string | null;
}

/** Reply data of `webhook-delivery.get`: the delivery, the event it carries and its attempts, oldest first. */
export interface WebhookDeliveryDetail extends WebhookDeliveryView {
  payload: unknown;
  attempts: WebhookDeliveryAttemptView[];
}
