import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  WebhookDeliveryIdRequest,
  type Reply,
  type RequestEnvelope,
  type WebhookDeliveryDetail,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetWebhookDeliveryQuery } from './get-webhook-delivery.query';

@NatsController()
export class GetWebhookDeliveryNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.webhookDeliveryGet)
  get(
    @Payload(new EnvelopeValidationPipe(WebhookDeliveryIdRequest)) envelope: RequestEnvelope<WebhookDeliveryIdRequest>,
  ): Promise<Reply<WebhookDeliveryDetail>> {
    return this.queries.execute(new GetWebhookDeliveryQuery(envelope.meta, envelope.data));
  }
}
