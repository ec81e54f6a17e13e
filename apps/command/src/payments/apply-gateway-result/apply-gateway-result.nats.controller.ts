import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApplyGatewayResultRequest,
  Subjects,
  type ApplyGatewayResultReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ApplyGatewayResultCommand } from './apply-gateway-result.command';

/** Idempotent by nature (a repeated result is a DUPLICATE), so no idempotency key is needed. */
@NatsController()
export class ApplyGatewayResultNatsController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(Subjects.command.paymentApplyGatewayResult)
  apply(
    @Payload(new EnvelopeValidationPipe(ApplyGatewayResultRequest))
    envelope: RequestEnvelope<ApplyGatewayResultRequest>,
  ): Promise<Reply<ApplyGatewayResultReply>> {
    return this.commands.execute(new ApplyGatewayResultCommand(envelope.meta, envelope.data));
  }
}
