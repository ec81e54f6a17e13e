import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReviewPaymentRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { ReviewPaymentCommand } from './review-payment.command';

@NatsController()
export class ReviewPaymentNatsController {
  @MessagePattern(Subjects.command.paymentReview)
  @Idempotent({ scope: Subjects.command.paymentReview })
  review(
    @Payload(new EnvelopeValidationPipe(ReviewPaymentRequest)) envelope: RequestEnvelope<ReviewPaymentRequest>,
  ): ReviewPaymentCommand {
    return new ReviewPaymentCommand(envelope.meta, envelope.data);
  }
}
