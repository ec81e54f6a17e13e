import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProcessRefundRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { ProcessRefundCommand } from './process-refund.command';

@NatsController()
export class ProcessRefundNatsController {
  @MessagePattern(Subjects.command.refundProcess)
  @Idempotent({ scope: Subjects.command.refundProcess, claimedByFirstWrite: true })
  process(
    @Payload(new EnvelopeValidationPipe(ProcessRefundRequest)) envelope: RequestEnvelope<ProcessRefundRequest>,
  ): ProcessRefundCommand {
    return new ProcessRefundCommand(envelope.meta, envelope.data);
  }
}
