import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  SyncTransactionRequest,
  type Reply,
  type RequestEnvelope,
  type SyncPaymentStatusReply,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { SyncTransactionHandler } from './sync-transaction.handler';

@NatsController()
export class SyncTransactionNatsController {
  constructor(private readonly handler: SyncTransactionHandler) {}

  @MessagePattern(Subjects.command.transactionSync)
  sync(
    @Payload(new EnvelopeValidationPipe(SyncTransactionRequest)) envelope: RequestEnvelope<SyncTransactionRequest>,
  ): Promise<Reply<SyncPaymentStatusReply>> {
    return this.handler.execute(envelope.meta, envelope.data);
  }
}
