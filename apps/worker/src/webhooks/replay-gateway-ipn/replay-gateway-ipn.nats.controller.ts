import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ReplayGatewayIpnRequest,
  Subjects,
  type Reply,
  type ReplayGatewayIpnReply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ReplayGatewayIpnHandler } from './replay-gateway-ipn.handler';

@NatsController()
export class ReplayGatewayIpnNatsController {
  constructor(private readonly handler: ReplayGatewayIpnHandler) {}

  @MessagePattern(Subjects.command.gatewayIpnReplay)
  replay(
    @Payload(new EnvelopeValidationPipe(ReplayGatewayIpnRequest)) envelope: RequestEnvelope<ReplayGatewayIpnRequest>,
  ): Promise<Reply<ReplayGatewayIpnReply>> {
    return this.handler.execute(envelope.meta, envelope.data);
  }
}
