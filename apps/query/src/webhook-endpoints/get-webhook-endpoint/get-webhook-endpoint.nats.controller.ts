import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  WebhookEndpointIdRequest,
  type Reply,
  type RequestEnvelope,
  type WebhookEndpointView,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetWebhookEndpointQuery } from './get-webhook-endpoint.query';

@NatsController()
export class GetWebhookEndpointNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.webhookEndpointGet)
  get(
    @Payload(new EnvelopeValidationPipe(WebhookEndpointIdRequest)) envelope: RequestEnvelope<WebhookEndpointIdRequest>,
  ): Promise<Reply<WebhookEndpointView>> {
    return this.queries.execute(new GetWebhookEndpointQuery(envelope.meta, envelope.data));
  }
}
