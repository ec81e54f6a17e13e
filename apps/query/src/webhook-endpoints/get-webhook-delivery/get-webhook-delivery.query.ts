import { Query } from '@nestjs/cqrs';
import type { Reply, RequestMeta, WebhookDeliveryDetail, WebhookDeliveryIdRequest } from '@ppm/contracts';

/** Reads one of the tenant's webhook deliveries with its attempts. */
export class GetWebhookDeliveryQuery extends Query<Reply<WebhookDeliveryDetail>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: WebhookDeliveryIdRequest,
  ) {
    super();
  }
}
