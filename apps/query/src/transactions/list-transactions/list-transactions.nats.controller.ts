import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListTransactionsRequest,
  Subjects,
  type ListTransactionsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListTransactionsQuery } from './list-transactions.query';

@NatsController()
export class ListTransactionsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.transactionList)
  list(
    @Payload(new EnvelopeValidationPipe(ListTransactionsRequest)) envelope: RequestEnvelope<ListTransactionsRequest>,
  ): Promise<Reply<ListTransactionsReply>> {
    return this.queries.execute(new ListTransactionsQuery(envelope.meta, envelope.data));
  }
}
