import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ReplayDeadLettersRequest,
  Subjects,
  type Reply,
  type ReplayDeadLettersReply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ReplayDeadLettersHandler } from './replay-dead-letters.handler';

@NatsController()
export class ReplayDeadLettersNatsController {
  constructor(private readonly handler: ReplayDeadLettersHandler) {}

  @MessagePattern(Subjects.command.deadLetterQueueReplay)
  replay(
    @Payload(new EnvelopeValidationPipe(ReplayDeadLettersRequest)) envelope: RequestEnvelope<ReplayDeadLettersRequest>,
  ): Promise<Reply<ReplayDeadLettersReply>> {
    return this.handler.execute(envelope.meta, envelope.data);
  }
}
