import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExpireReviewRequest,
  Subjects,
  type ExpireReviewReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ExpireReviewCommand } from './expire-review.command';

/** Idempotent by nature (an expired payment is answered as it is), so no idempotency key is needed. */
@NatsController()
export class ExpireReviewNatsController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(Subjects.command.paymentExpireReview)
  expire(
    @Payload(new EnvelopeValidationPipe(ExpireReviewRequest)) envelope: RequestEnvelope<ExpireReviewRequest>,
  ): Promise<Reply<ExpireReviewReply>> {
    return this.commands.execute(new ExpireReviewCommand(envelope.meta, envelope.data));
  }
}
