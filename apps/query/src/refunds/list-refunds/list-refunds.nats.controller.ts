import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListRefundsRequest, Subjects, type ListRefundsReply, type Reply, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListRefundsQuery } from './list-refunds.query';

@NatsController()
export class ListRefundsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.refundList)
  list(
    @Payload(new EnvelopeValidationPipe(ListRefundsRequest)) envelope: RequestEnvelope<ListRefundsRequest>,
  ): Promise<Reply<ListRefundsReply>> {
    return this.queries.execute(new ListRefundsQuery(envelope.meta, envelope.data));
  }
}
