import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListGatewayIpnsRequest,
  Subjects,
  type ListGatewayIpnsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListGatewayIpnsQuery } from './list-gateway-ipns.query';

@NatsController()
export class ListGatewayIpnsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.gatewayIpnList)
  list(
    @Payload(new EnvelopeValidationPipe(ListGatewayIpnsRequest)) envelope: RequestEnvelope<ListGatewayIpnsRequest>,
  ): Promise<Reply<ListGatewayIpnsReply>> {
    return this.queries.execute(new ListGatewayIpnsQuery(envelope.meta, envelope.data));
  }
}
