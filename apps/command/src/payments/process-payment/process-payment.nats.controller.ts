import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ProcessPaymentRequest,
  Subjects,
  type ProcessPaymentReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { ProcessPaymentCommand } from './process-payment.command';

@NatsController()
export class ProcessPaymentNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.paymentProcess)
  process(
    @Payload(new EnvelopeValidationPipe(ProcessPaymentRequest)) envelope: RequestEnvelope<ProcessPaymentRequest>,
  ): Promise<Reply<ProcessPaymentReply>> {
    return this.idempotent.run(Subjects.command.paymentProcess, envelope, () =>
      this.commands.execute(new ProcessPaymentCommand(envelope.meta, envelope.data)),
    );
  }
}
