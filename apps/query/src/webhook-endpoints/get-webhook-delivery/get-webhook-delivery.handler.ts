import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type WebhookDeliveryDetail } from '@ppm/contracts';
import { WebhookDeliveryReader } from '../webhook-delivery-reader';
import { GetWebhookDeliveryQuery } from './get-webhook-delivery.query';

@QueryHandler(GetWebhookDeliveryQuery)
export class GetWebhookDeliveryHandler implements IQueryHandler<GetWebhookDeliveryQuery> {
  constructor(private readonly reader: WebhookDeliveryReader) {}

  async execute({ meta, data }: GetWebhookDeliveryQuery): Promise<Reply<WebhookDeliveryDetail>> {
    const delivery = await this.reader.byId(meta.tenantId, data.deliveryId);
    return delivery
      ? ok(delivery)
      : fail(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, `Webhook delivery ${data.deliveryId} not found`);
  }
}
