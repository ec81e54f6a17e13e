import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetGatewayIpnRequest,
  Subjects,
  type GatewayIpnDetail,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetGatewayIpnQuery } from './get-gateway-ipn.query';

@NatsController()
export class GetGatewayIpnNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.gatewayIpnGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetGatewayIpnRequest)) envelope: RequestEnvelope<GetGatewayIpnRequest>,
  ): Promise<Reply<GatewayIpnDetail>> {
    return this.queries.execute(new GetGatewayIpnQuery(envelope.meta, envelope.data));
  }
}
