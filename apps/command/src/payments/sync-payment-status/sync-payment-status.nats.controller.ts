import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  SyncPaymentStatusRequest,
  type Reply,
  type RequestEnvelope,
  type SyncPaymentStatusReply,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { SyncPaymentStatusCommand } from './sync-payment-status.command';

/** Idempotent by nature (it records only what the gateway says, once), so no idempotency key is needed. */
@NatsController()
export class SyncPaymentStatusNatsController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(Subjects.command.paymentSyncStatus)
  sync(
    @Payload(new EnvelopeValidationPipe(SyncPaymentStatusRequest))
    envelope: RequestEnvelope<SyncPaymentStatusRequest>,
  ): Promise<Reply<SyncPaymentStatusReply>> {
    return this.commands.execute(new SyncPaymentStatusCommand(envelope.meta, envelope.data));
  }
}
