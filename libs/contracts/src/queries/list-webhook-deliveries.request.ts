import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { MERCHANT_WEBHOOK_EVENT_TYPES, type MerchantWebhookEventType } from '../webhooks/merchant-webhook-event-types';

/** Where a delivery stands, as the contract shows it (contracts import no domain; the same list as the domain). */
export const WEBHOOK_DELIVERY_VIEW_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/** Largest page of `webhook-delivery.list`; the default is 50. */
export const MAX_WEBHOOK_DELIVERY_PAGE = 200;

/** The filters and cursor of one endpoint's deliveries, as both NATS and the HTTP query string carry them. */
export class WebhookDeliveryFilter {
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_VIEW_STATUSES)
  status?: (typeof WEBHOOK_DELIVERY_VIEW_STATUSES)[number];

  @IsOptional()
  @IsIn(MERCHANT_WEBHOOK_EVENT_TYPES)
  eventType?: MerchantWebhookEventType;

  /** Deliveries created at or after this time. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Deliveries created before this time. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WEBHOOK_DELIVERY_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** `ppm.query.webhook-delivery.list` data: an endpoint's deliveries, newest first, by (createdAt desc, id desc). */
export class ListWebhookDeliveriesRequest extends WebhookDeliveryFilter {
  @IsUUID()
  endpointId!: string;
}

/** One delivery of an event to an endpoint (or to a payment's own callback URL, then `endpointId` is null). */
export interface WebhookDeliveryView {
  id: string;
  endpointId: string | null;
  eventId: string;
  eventType: string;
  status: (typeof WEBHOOK_DELIVERY_VIEW_STATUSES)[number];
  attemptCount: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Reply data of `webhook-delivery.list`. `nextCursor` is null on the last page. */
export interface ListWebhookDeliveriesReply {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}
