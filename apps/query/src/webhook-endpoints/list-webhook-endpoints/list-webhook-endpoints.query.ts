import { Query } from '@nestjs/cqrs';
import type { ListWebhookEndpointsReply, ListWebhookEndpointsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Lists the tenant's webhook endpoints. */
export class ListWebhookEndpointsQuery extends Query<Reply<ListWebhookEndpointsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListWebhookEndpointsRequest,
  ) {
    super();
  }
}
