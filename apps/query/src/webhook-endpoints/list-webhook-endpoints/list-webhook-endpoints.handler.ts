import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListWebhookEndpointsReply, type Reply } from '@ppm/contracts';
import { WebhookEndpointReader } from '../webhook-endpoint-reader';
import { ListWebhookEndpointsQuery } from './list-webhook-endpoints.query';

// A tenant has at most a few endpoints (a configured limit): one page, not cached.
@QueryHandler(ListWebhookEndpointsQuery)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpointsQuery> {
  constructor(private readonly reader: WebhookEndpointReader) {}

  async execute({ meta, data }: ListWebhookEndpointsQuery): Promise<Reply<ListWebhookEndpointsReply>> {
    return ok({ items: await this.reader.list(meta.tenantId, data.enabled) });
  }
}
