import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type WebhookEndpointView } from '@ppm/contracts';
import { WebhookEndpointReader } from '../webhook-endpoint-reader';
import { GetWebhookEndpointQuery } from './get-webhook-endpoint.query';

@QueryHandler(GetWebhookEndpointQuery)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpointQuery> {
  constructor(private readonly reader: WebhookEndpointReader) {}

  async execute({ meta, data }: GetWebhookEndpointQuery): Promise<Reply<WebhookEndpointView>> {
    const endpoint = await this.reader.byId(meta.tenantId, data.id);
    return endpoint
      ? ok(endpoint)
      : fail(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, `Webhook endpoint ${data.id} not found`);
  }
}
