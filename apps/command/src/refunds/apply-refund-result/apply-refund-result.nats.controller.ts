import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApplyRefundResultRequest,
  Subjects,
  type ApplyRefundResultReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ApplyRefundResultCommand } from './apply-refund-result.command';

/** Idempotent by nature (a repeated result is a DUPLICATE), so no idempotency key is needed. */
@NatsController()
export class ApplyRefundResultNatsController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(Subjects.command.refundApplyGatewayResult)
  apply(
    @Payload(new EnvelopeValidationPipe(ApplyRefundResultRequest))
    envelope: RequestEnvelope<ApplyRefundResultRequest>,
  ): Promise<Reply<ApplyRefundResultReply>> {
    return this.commands.execute(new ApplyRefundResultCommand(envelope.meta, envelope.data));
  }
}
