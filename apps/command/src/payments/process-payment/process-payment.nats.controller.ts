import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProcessPaymentRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { ProcessPaymentCommand } from './process-payment.command';

@NatsController()
export class ProcessPaymentNatsController {
  @MessagePattern(Subjects.command.paymentProcess)
  @Idempotent({ scope: Subjects.command.paymentProcess, claimedByFirstWrite: true })
  process(
    @Payload(new EnvelopeValidationPipe(ProcessPaymentRequest)) envelope: RequestEnvelope<ProcessPaymentRequest>,
  ): ProcessPaymentCommand {
    return new ProcessPaymentCommand(envelope.meta, envelope.data);
  }
}
