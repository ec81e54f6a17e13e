import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetReconciliationRequest,
  Subjects,
  type GetReconciliationReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetReconciliationQuery } from './get-reconciliation.query';

@NatsController()
export class GetReconciliationNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.reconciliationGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetReconciliationRequest)) envelope: RequestEnvelope<GetReconciliationRequest>,
  ): Promise<Reply<GetReconciliationReply>> {
    return this.queries.execute(new GetReconciliationQuery(envelope.meta, envelope.data));
  }
}
