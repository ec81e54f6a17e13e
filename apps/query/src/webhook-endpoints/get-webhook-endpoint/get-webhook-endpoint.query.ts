import { Query } from '@nestjs/cqrs';
import type { Reply, RequestMeta, WebhookEndpointIdRequest, WebhookEndpointView } from '@ppm/contracts';

/** Reads one of the tenant's webhook endpoints. */
export class GetWebhookEndpointQuery extends Query<Reply<WebhookEndpointView>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: WebhookEndpointIdRequest,
  ) {
    super();
  }
}
