import { IsUUID } from 'class-validator';

/**
 * Data of the requests that name one webhook endpoint and nothing else: `webhook-endpoint.delete`,
 * `webhook-endpoint.rotate-secret` and `ppm.query.webhook-endpoint.get`.
 */
export class WebhookEndpointIdRequest {
  @IsUUID()
  id!: string;
}

/** Reply data of `webhook-endpoint.delete`. */
export interface DeleteWebhookEndpointReply {
  id: string;
  deleted: true;
}
