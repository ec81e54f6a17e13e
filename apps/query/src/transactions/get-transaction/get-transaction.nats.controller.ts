import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetTransactionRequest,
  Subjects,
  type Reply,
  type RequestEnvelope,
  type TransactionView,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetTransactionQuery } from './get-transaction.query';

@NatsController()
export class GetTransactionNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.transactionGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetTransactionRequest)) envelope: RequestEnvelope<GetTransactionRequest>,
  ): Promise<Reply<TransactionView>> {
    return this.queries.execute(new GetTransactionQuery(envelope.meta, envelope.data));
  }
}
