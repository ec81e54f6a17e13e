import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { MERCHANT_WEBHOOK_EVENT_TYPES, type MerchantWebhookEventType } from '../webhooks/merchant-webhook-event-types';

/**
 * `ppm.command.webhook-endpoint.update` data: absent fields stay as they are; `description` and `eventTypes` may be
 * null (no description; every event type). Enabling an endpoint clears its record of failing.
 */
export class UpdateWebhookEndpointRequest {
  @IsUUID()
  id!: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MERCHANT_WEBHOOK_EVENT_TYPES.length)
  @IsIn(MERCHANT_WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: MerchantWebhookEventType[] | null;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
