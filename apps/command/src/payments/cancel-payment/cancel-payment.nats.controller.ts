import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CancelPaymentRequest,
  Subjects,
  type CancelPaymentReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { CancelPaymentCommand } from './cancel-payment.command';

@NatsController()
export class CancelPaymentNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.paymentCancel)
  cancel(
    @Payload(new EnvelopeValidationPipe(CancelPaymentRequest)) envelope: RequestEnvelope<CancelPaymentRequest>,
  ): Promise<Reply<CancelPaymentReply>> {
    return this.idempotent.run(Subjects.command.paymentCancel, envelope, () =>
      this.commands.execute(new CancelPaymentCommand(envelope.meta, envelope.data)),
    );
  }
}
