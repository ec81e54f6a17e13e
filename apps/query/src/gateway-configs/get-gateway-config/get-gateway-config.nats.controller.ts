import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetGatewayConfigRequest,
  Subjects,
  type GatewayConfigView,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetGatewayConfigQuery } from './get-gateway-config.query';

@NatsController()
export class GetGatewayConfigNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.gatewayConfigGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetGatewayConfigRequest)) envelope: RequestEnvelope<GetGatewayConfigRequest>,
  ): Promise<Reply<GatewayConfigView>> {
    return this.queries.execute(new GetGatewayConfigQuery(envelope.meta, envelope.data));
  }
}
