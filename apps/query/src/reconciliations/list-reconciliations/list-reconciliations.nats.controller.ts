import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListReconciliationsRequest,
  Subjects,
  type ListReconciliationsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListReconciliationsQuery } from './list-reconciliations.query';

@NatsController()
export class ListReconciliationsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.reconciliationList)
  list(
    @Payload(new EnvelopeValidationPipe(ListReconciliationsRequest))
    envelope: RequestEnvelope<ListReconciliationsRequest>,
  ): Promise<Reply<ListReconciliationsReply>> {
    return this.queries.execute(new ListReconciliationsQuery(envelope.meta, envelope.data));
  }
}
