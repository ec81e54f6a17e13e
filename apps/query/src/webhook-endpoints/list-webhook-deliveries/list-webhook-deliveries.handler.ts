import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ListWebhookDeliveriesReply, type Reply } from '@ppm/contracts';
import { decodePageCursor, encodePageCursor, isMicrosecondTimePart, isUuidPart } from '../../shared/page-cursor';
import { invalidField, keysetPage } from '../../shared/query-page';
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
    let after: (string | number | boolean)[] | null = null;
    if (data.cursor !== undefined) {
      after = decodePageCursor(data.cursor, [isMicrosecondTimePart, isUuidPart]);
      if (!after) return invalidField('data.cursor', 'cursor must be the nextCursor of a previous page');
    }
    if (data.from && data.to && Date.parse(data.from) > Date.parse(data.to)) {
      return invalidField('data.from', 'from must not be after to');
    }
    if (!(await this.endpoints.byId(meta.tenantId, data.endpointId))) {
      return fail(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, `Webhook endpoint ${data.endpointId} not found`);
    }
    const limit = data.limit ?? DEFAULT_LIMIT;
    const rows = await this.deliveries.page(meta.tenantId, data.endpointId, {
      status: data.status ?? null,
      eventType: data.eventType ?? null,
      from: data.from ?? null,
      to: data.to ?? null,
      after,
      limit,
    });
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodePageCursor([last.cursor_created_at, last.id]));
    return ok({ items: page.map(deliveryView), nextCursor });
  }
}
