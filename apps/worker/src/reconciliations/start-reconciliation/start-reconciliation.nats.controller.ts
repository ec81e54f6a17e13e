import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  StartReconciliationRequest,
  Subjects,
  type Reply,
  type RequestEnvelope,
  type StartReconciliationReply,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { StartReconciliationHandler } from './start-reconciliation.handler';

@NatsController()
export class StartReconciliationNatsController {
  constructor(private readonly handler: StartReconciliationHandler) {}

  @MessagePattern(Subjects.command.reconciliationStart)
  start(
    @Payload(new EnvelopeValidationPipe(StartReconciliationRequest))
    envelope: RequestEnvelope<StartReconciliationRequest>,
  ): Promise<Reply<StartReconciliationReply>> {
    return this.handler.execute(envelope.meta, envelope.data);
  }
}
