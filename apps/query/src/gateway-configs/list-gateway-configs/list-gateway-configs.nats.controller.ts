import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListGatewayConfigsRequest,
  Subjects,
  type ListGatewayConfigsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListGatewayConfigsQuery } from './list-gateway-configs.query';

@NatsController()
export class ListGatewayConfigsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.gatewayConfigList)
  list(
    @Payload(new EnvelopeValidationPipe(ListGatewayConfigsRequest))
    envelope: RequestEnvelope<ListGatewayConfigsRequest>,
  ): Promise<Reply<ListGatewayConfigsReply>> {
    return this.queries.execute(new ListGatewayConfigsQuery(envelope.meta, envelope.data));
  }
}
