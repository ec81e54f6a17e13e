import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListWebhookDeliveriesRequest,
  Subjects,
  type ListWebhookDeliveriesReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

@NatsController()
export class ListWebhookDeliveriesNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.webhookDeliveryList)
  list(
    @Payload(new EnvelopeValidationPipe(ListWebhookDeliveriesRequest))
    envelope: RequestEnvelope<ListWebhookDeliveriesRequest>,
  ): Promise<Reply<ListWebhookDeliveriesReply>> {
    return this.queries.execute(new ListWebhookDeliveriesQuery(envelope.meta, envelope.data));
  }
}
