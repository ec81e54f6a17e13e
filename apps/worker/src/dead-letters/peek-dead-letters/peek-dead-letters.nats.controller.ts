import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  PeekDeadLettersRequest,
  Subjects,
  type PeekDeadLettersReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { PeekDeadLettersHandler } from './peek-dead-letters.handler';

@NatsController()
export class PeekDeadLettersNatsController {
  constructor(private readonly handler: PeekDeadLettersHandler) {}

  @MessagePattern(Subjects.query.deadLetterQueuePeek)
  peek(
    @Payload(new EnvelopeValidationPipe(PeekDeadLettersRequest)) envelope: RequestEnvelope<PeekDeadLettersRequest>,
  ): Promise<Reply<PeekDeadLettersReply>> {
    return this.handler.execute(envelope.data);
  }
}
