import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  TransactionStatsRequest,
  type Reply,
  type RequestEnvelope,
  type TransactionStatsReply,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { TransactionStatsQuery } from './transaction-stats.query';

@NatsController()
export class TransactionStatsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.transactionStats)
  stats(
    @Payload(new EnvelopeValidationPipe(TransactionStatsRequest)) envelope: RequestEnvelope<TransactionStatsRequest>,
  ): Promise<Reply<TransactionStatsReply>> {
    return this.queries.execute(new TransactionStatsQuery(envelope.meta, envelope.data));
  }
}
