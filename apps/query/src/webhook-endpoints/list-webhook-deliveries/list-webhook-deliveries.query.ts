import { Query } from '@nestjs/cqrs';
import type { ListWebhookDeliveriesReply, ListWebhookDeliveriesRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Lists one of the tenant's endpoints' deliveries, newest first. */
export class ListWebhookDeliveriesQuery extends Query<Reply<ListWebhookDeliveriesReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListWebhookDeliveriesRequest,
  ) {
    super();
  }
}
