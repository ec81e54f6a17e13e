import { IsISO8601, IsUUID } from 'class-validator';

/** `ppm.command.webhook-endpoint.recover` data: resend every FAILED delivery of the endpoint created since `since`. */
export class RecoverWebhookEndpointRequest {
  @IsUUID()
  id!: string;

  @IsISO8601({ strict: true })
  since!: string;
}

/** Reply data of `webhook-delivery.retry`: the delivery, due again now, its earlier attempts kept. */
export interface RetryWebhookDeliveryReply {
  id: string;
  status: 'PENDING';
  attemptCount: number;
  nextAttemptAt: string;
}

/** Reply data of `webhook-endpoint.recover`: how many failed deliveries are due again. */
export interface RecoverWebhookEndpointReply {
  recovered: number;
}

/** Reply data of `webhook-endpoint.test`: the queued `ping` delivery and its event id (its `webhook-id`). */
export interface TestWebhookEndpointReply {
  deliveryId: string;
  eventId: string;
}
