import { IsBoolean, IsOptional } from 'class-validator';
import type { WebhookEndpointView } from './get-webhook-endpoint.request';

/** `ppm.query.webhook-endpoint.list` data: optionally only the enabled (or disabled) endpoints. */
export class ListWebhookEndpointsRequest {
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Reply data of `webhook-endpoint.list`: the tenant's endpoints, oldest first (never their secrets). */
export interface ListWebhookEndpointsReply {
  items: WebhookEndpointView[];
}
