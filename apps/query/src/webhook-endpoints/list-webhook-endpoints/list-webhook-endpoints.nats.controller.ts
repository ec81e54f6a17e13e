import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListWebhookEndpointsRequest,
  Subjects,
  type ListWebhookEndpointsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListWebhookEndpointsQuery } from './list-webhook-endpoints.query';

@NatsController()
export class ListWebhookEndpointsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.webhookEndpointList)
  list(
    @Payload(new EnvelopeValidationPipe(ListWebhookEndpointsRequest))
    envelope: RequestEnvelope<ListWebhookEndpointsRequest>,
  ): Promise<Reply<ListWebhookEndpointsReply>> {
    return this.queries.execute(new ListWebhookEndpointsQuery(envelope.meta, envelope.data));
  }
}
