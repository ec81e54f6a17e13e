import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ProcessRefundRequest,
  Subjects,
  type ProcessRefundReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { ProcessRefundCommand } from './process-refund.command';

@NatsController()
export class ProcessRefundNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.refundProcess)
  process(
    @Payload(new EnvelopeValidationPipe(ProcessRefundRequest)) envelope: RequestEnvelope<ProcessRefundRequest>,
  ): Promise<Reply<ProcessRefundReply>> {
    return this.idempotent.run(Subjects.command.refundProcess, envelope, () =>
      this.commands.execute(new ProcessRefundCommand(envelope.meta, envelope.data)),
    );
  }
}
