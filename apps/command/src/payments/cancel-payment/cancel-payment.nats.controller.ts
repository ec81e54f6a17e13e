import { MessagePattern, Payload } from '@nestjs/microservices';
import { CancelPaymentRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { CancelPaymentCommand } from './cancel-payment.command';

@NatsController()
export class CancelPaymentNatsController {
  @MessagePattern(Subjects.command.paymentCancel)
  @Idempotent({ scope: Subjects.command.paymentCancel })
  cancel(
    @Payload(new EnvelopeValidationPipe(CancelPaymentRequest)) envelope: RequestEnvelope<CancelPaymentRequest>,
  ): CancelPaymentCommand {
    return new CancelPaymentCommand(envelope.meta, envelope.data);
  }
}
