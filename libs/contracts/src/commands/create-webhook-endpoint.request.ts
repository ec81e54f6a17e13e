import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { MERCHANT_WEBHOOK_EVENT_TYPES, type MerchantWebhookEventType } from '../webhooks/merchant-webhook-event-types';

/** `ppm.command.webhook-endpoint.create` data: where the tenant wants its events, and which (absent: all of them). */
export class CreateWebhookEndpointRequest {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url!: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MERCHANT_WEBHOOK_EVENT_TYPES.length)
  @IsIn(MERCHANT_WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: MerchantWebhookEventType[];
}
