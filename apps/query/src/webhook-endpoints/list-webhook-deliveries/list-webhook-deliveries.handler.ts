import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ListWebhookDeliveriesReply, type Reply } from '@ppm/contracts';
import { encodePageCursor } from '../../shared/page-cursor';
import { keysetPage, newestFirstStart } from '../../shared/query-page';
import { WebhookDeliveryReader, deliveryView } from '../webhook-delivery-reader';
import { WebhookEndpointReader } from '../webhook-endpoint-reader';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

const DEFAULT_LIMIT = 50;

// Never cached: every attempt changes a delivery. Another tenant's endpoint is not found, not an empty page.
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(
    private readonly endpoints: WebhookEndpointReader,
    private readonly deliveries: WebhookDeliveryReader,
  ) {}

  async execute({ meta, data }: ListWebhookDeliveriesQuery): Promise<Reply<ListWebhookDeliveriesReply>> {
    const start = newestFirstStart(data);
    if ('refusal' in start) return start.refusal;
    if (!(await this.endpoints.byId(meta.tenantId, data.endpointId))) {
      return fail(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, `Webhook endpoint ${data.endpointId} not found`);
    }
    const limit = data.limit ?? DEFAULT_LIMIT;
    const rows = await this.deliveries.page(meta.tenantId, data.endpointId, {
      status: data.status ?? null,
      eventType: data.eventType ?? null,
      from: data.from ?? null,
      to: data.to ?? null,
      after: start.after,
      limit,
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodePageCursor([last.cursor_created_at, last.id]));
    return ok({ items: page.map(deliveryView), nextCursor });
  }
}
